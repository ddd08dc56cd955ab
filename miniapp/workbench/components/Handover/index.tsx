import { Button, Text, Textarea, View } from '@tarojs/components';
import { useState } from 'react';
import type { HandoverView } from '@healthpocket/shared-types';
import { HANDOVER_NOTE_MAX } from '@healthpocket/shared-types/src/team-work-constants';
import { useRequest } from '../../../components/useRequest';
import { messageOf } from '../../../services/api';
import { teamApi } from '../../../services/team-api';
import './index.scss';

interface Props {
  conversationId: string;
  teamId: string;
  /** Who holds the conversation now (not offered again). */
  holderId: string | null;
  onDone: (r: { assignedTo: { staffId: string; name: string }; handover: HandoverView }) => void;
  onCancel: () => void;
}

/** The 转交 button of the conversation header (the form opens under the header). */
export function HandoverButton({ onClick }: { onClick: () => void }) {
  return (
    <Button className='hp-btn hp-btn--plain hp-btn--small' data-testid='wbc-handover' onClick={onClick}>
      转交
    </Button>
  );
}

/** 转交: hand the conversation to a team member (the nurse …) with a note the team sees; the resident does not. */
export function Handover({ conversationId, teamId, holderId, onDone, onCancel }: Props) {
  const [to, setTo] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const teams = useRequest(() => teamApi.teams(), []);
  const me = teams.data?.staffId ?? null;
  const members = (teams.data?.items.find((t) => t.id === teamId)?.members ?? []).filter((m) => m.id !== me && m.id !== holderId);

  const submit = async () => {
    if (!to) return setError('请选择转交给谁');
    if (!note.trim()) return setError('请填写交接说明，让接手的同事知道要做什么');
    setBusy(true);
    setError(null);
    try {
      onDone(await teamApi.assign(conversationId, { staffId: to, note: note.trim() }));
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className='wb-handover' data-testid='wbc-handover-form'>
      <Text className='wb-handover__label'>转交给</Text>
      <View className='hp-chips' role='radiogroup'>
        {teams.loading && <Text className='wb-item__meta'>加载团队成员…</Text>}
        {members.map((m) => (
          <View
            key={m.id}
            className={`hp-chip ${to === m.id ? 'hp-chip--active' : ''}`}
            role='radio'
            aria-checked={to === m.id ? 'true' : 'false'}
            data-testid={`wbc-handover-to-${m.id}`}
            onClick={() => setTo(m.id)}
          >
            {m.name}
            <Text className='wb-handover__role'>{m.role}</Text>
          </View>
        ))}
      </View>
      <Textarea
        className='hp-field__input wb-handover__note'
        data-testid='wbc-handover-note'
        maxlength={HANDOVER_NOTE_MAX}
        placeholder='交接说明（团队可见，居民看不到）：如 血压偏高，请电话随访'
        value={note}
        onInput={(e) => setNote(e.detail.value)}
      />
      {error && (
        <View className='hp-alert hp-alert--error' role='alert' data-testid='wbc-handover-error'>
          {error}
        </View>
      )}
      <View className='wb-item__actions'>
        <Button className={`hp-btn hp-btn--small ${busy ? 'hp-btn--busy' : ''}`} data-testid='wbc-handover-confirm' onClick={() => void submit()}>
          确认转交
        </Button>
        <Button className='hp-btn hp-btn--ghost hp-btn--small' data-testid='wbc-handover-cancel' onClick={onCancel}>
          取消
        </Button>
      </View>
    </View>
  );
}
