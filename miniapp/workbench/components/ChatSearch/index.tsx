import { Button, Input, Text, View } from '@tarojs/components';
import { useState } from 'react';
import type { ChatSearchHit, ChatSearchResult } from '@healthpocket/shared-types';
import { messageOf } from '../../../services/api';
import { shortTime } from '../../../services/doctor-api';
import { teamApi } from '../../../services/team-api';
import './index.scss';

/** The snippet cut where the query occurs (case-insensitive), so the match can be marked. */
export function highlightParts(text: string, q: string): Array<{ text: string; hit: boolean }> {
  const needle = q.trim().normalize('NFKC').toLowerCase();
  if (!needle) return [{ text, hit: false }];
  const hay = text.normalize('NFKC').toLowerCase();
  const parts: Array<{ text: string; hit: boolean }> = [];
  let from = 0;
  for (let at = hay.indexOf(needle); at >= 0; at = hay.indexOf(needle, at + needle.length)) {
    if (at > from) parts.push({ text: text.slice(from, at), hit: false });
    parts.push({ text: text.slice(at, at + needle.length), hit: true });
    from = at + needle.length;
  }
  if (from < text.length) parts.push({ text: text.slice(from), hit: false });
  return parts;
}

interface Props {
  /** Open the conversation at the hit. */
  onOpen: (hit: ChatSearchHit) => void;
  /** While results are shown the inbox list steps aside. */
  onActive: (active: boolean) => void;
}

const ROLE = { resident: '居民', doctor: '', system: '系统' } as Record<string, string>;

/** Search across the team's conversations, over the inbox: results with the match marked. */
export function ChatSearch({ onOpen, onActive }: Props) {
  const [q, setQ] = useState('');
  const [asked, setAsked] = useState('');
  const [result, setResult] = useState<ChatSearchResult | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const run = async () => {
    const query = q.trim();
    if ([...query].length < 2) return setError('请至少输入 2 个字');
    setBusy(true);
    setError(null);
    try {
      setResult(await teamApi.search(query));
      setAsked(query);
      onActive(true);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };
  const clear = () => {
    setQ('');
    setAsked('');
    setResult(null);
    setError(null);
    onActive(false);
  };

  return (
    <View className='wb-search' data-testid='wb-search'>
      <View className='wb-search__bar'>
        <Input
          className='hp-field__input wb-search__input'
          data-testid='wb-search-input'
          value={q}
          maxlength={30}
          confirmType='search'
          placeholder='搜索团队的咨询记录，如 二甲双胍'
          onInput={(e) => setQ(e.detail.value)}
          onConfirm={() => void run()}
        />
        <Button className={`hp-btn hp-btn--small ${busy ? 'hp-btn--busy' : ''}`} data-testid='wb-search-go' onClick={() => void run()}>
          搜索
        </Button>
        {result && (
          <Button className='hp-btn hp-btn--ghost hp-btn--small' data-testid='wb-search-clear' onClick={clear}>
            返回
          </Button>
        )}
      </View>
      {error && (
        <View className='hp-alert hp-alert--error' role='alert' data-testid='wb-search-error'>
          {error}
        </View>
      )}
      {result && (
        <View className='wb-search__results' data-testid='wb-search-results'>
          <Text className='wb-search__count'>{result.items.length === 0 ? `没有找到包含“${asked}”的消息` : `找到 ${result.items.length} 条${result.truncated ? '（只显示最近的）' : ''}`}</Text>
          {result.items.map((h) => (
            <View role='button' key={h.messageId} className='wb-item wb-search__hit' data-testid='wb-search-hit' onClick={() => onOpen(h)}>
              <View className='wb-item__line'>
                <Text className='wb-item__name'>{h.memberName}</Text>
                <Text className='wb-item__meta'>{shortTime(h.at)}</Text>
              </View>
              <Text className='wb-search__snippet'>
                <Text className='wb-search__who'>{`${ROLE[h.senderRole] || h.senderName}：`}</Text>
                {highlightParts(h.snippet, asked).map((p, i) =>
                  p.hit ? (
                    <Text key={i} className='wb-search__mark' data-testid='wb-search-mark'>
                      {p.text}
                    </Text>
                  ) : (
                    <Text key={i}>{p.text}</Text>
                  ),
                )}
              </Text>
            </View>
          ))}
        </View>
      )}
    </View>
  );
}
