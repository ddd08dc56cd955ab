import { Button, Input, Text, Textarea, View } from '@tarojs/components';
import { useState } from 'react';
import { QUICK_REPLY_TEXT_MAX, QUICK_REPLY_TITLE_MAX, QUICK_REPLY_VARIABLES, unknownVariables } from '@healthpocket/shared-types/src/team-work-constants';
import { StatusView } from '../../../components/StatusView';
import { useRequest } from '../../../components/useRequest';
import { messageOf } from '../../../services/api';
import { teamApi, type QuickReplyDraft } from '../../../services/team-api';
import { showToast } from '../../../services/ui';

const EMPTY: QuickReplyDraft = { title: '', text: '' };

/** 团队快捷回复: the team's shared list — add, edit, delete; each change is saved at once for the whole team. */
export function TeamQuickReplies() {
  const teams = useRequest(() => teamApi.teams(), []);
  const team = teams.data?.items[0];
  const list = useRequest(() => (team ? teamApi.quickReplies(team.id) : Promise.resolve(null)), [team?.id]);
  const [editing, setEditing] = useState<string | 'new' | null>(null);
  const [form, setForm] = useState<QuickReplyDraft>(EMPTY);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const start = (id: string | 'new', draft: QuickReplyDraft) => {
    setEditing(id);
    setForm(draft);
    setError(null);
  };
  const save = async () => {
    if (!team || !editing) return;
    const unknown = unknownVariables(form.text);
    if (!form.title.trim() || !form.text.trim()) return setError('请填写标题和回复内容');
    if (unknown.length) return setError(`无法识别的变量：${unknown.map((v) => `{${v}}`).join('、')}`);
    setBusy(true);
    setError(null);
    try {
      const body = { title: form.title.trim(), text: form.text.trim() };
      if (editing === 'new') await teamApi.addQuickReply(team.id, body);
      else await teamApi.updateQuickReply(editing, body);
      setEditing(null);
      await list.reload();
      showToast({ title: '已保存', icon: 'success' });
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };
  const remove = async (id: string) => {
    setError(null);
    try {
      await teamApi.deleteQuickReply(id);
      await list.reload();
    } catch (e) {
      setError(messageOf(e));
    }
  };

  const editor = (
    <View className='wb-item wbs-qr__form' data-testid='wbs-qr-form'>
      <Input
        className='hp-field__input'
        data-testid='wbs-qr-title'
        value={form.title}
        maxlength={QUICK_REPLY_TITLE_MAX}
        placeholder='标题，如 复测提醒'
        onInput={(e) => setForm({ ...form, title: e.detail.value })}
      />
      <Textarea
        className='hp-field__input wbs__area'
        data-testid='wbs-qr-text'
        value={form.text}
        maxlength={QUICK_REPLY_TEXT_MAX}
        placeholder='回复内容，如 {称呼}您好，请明早起床后再测一次血压'
        onInput={(e) => setForm({ ...form, text: e.detail.value })}
      />
      <View className='hp-chips'>
        {QUICK_REPLY_VARIABLES.map((v) => (
          <View role='button' key={v} className='hp-chip wbs-qr__var' data-testid={`wbs-qr-var-${v}`} onClick={() => setForm({ ...form, text: `${form.text}{${v}}` })}>
            {`插入 {${v}}`}
          </View>
        ))}
      </View>
      <View className='wb-item__actions'>
        <Button className={`hp-btn hp-btn--small ${busy ? 'hp-btn--busy' : ''}`} data-testid='wbs-qr-save' onClick={() => void save()}>
          保存
        </Button>
        <Button className='hp-btn hp-btn--ghost hp-btn--small' onClick={() => setEditing(null)}>
          取消
        </Button>
      </View>
    </View>
  );

  return (
    <View className='wbs-qr' data-testid='wbs-team-replies'>
      <Text className='hp-section-title'>团队快捷回复（全团队共用，聊天时输入 / 选用）</Text>
      {error && (
        <View className='hp-alert hp-alert--error' role='alert' data-testid='wbs-qr-error'>
          {error}
        </View>
      )}
      <StatusView loading={(teams.loading && !teams.data) || (list.loading && !list.data)} error={teams.error ?? list.error} onRetry={() => void list.reload()}>
        <View className='hp-form'>
          {list.data?.items.map((r) =>
            editing === r.id ? (
              <View key={r.id}>{editor}</View>
            ) : (
              <View key={r.id} className='wb-item' data-testid='wbs-qr-item'>
                <Text className='wb-item__name'>{r.title}</Text>
                <Text className='wb-item__last'>{r.text}</Text>
                <Text className='wb-item__meta'>{`${r.updatedByName} 更新于 ${r.updatedAt.slice(0, 10)}`}</Text>
                <View className='wb-item__actions'>
                  <Button className='hp-btn hp-btn--plain hp-btn--small' data-testid='wbs-qr-edit' onClick={() => start(r.id, { title: r.title, text: r.text })}>
                    编辑
                  </Button>
                  <Button className='hp-btn hp-btn--danger hp-btn--small' data-testid='wbs-qr-delete' onClick={() => void remove(r.id)}>
                    删除
                  </Button>
                </View>
              </View>
            ),
          )}
          {editing === 'new' ? (
            editor
          ) : (
            <Button className='hp-btn hp-btn--plain hp-btn--small' data-testid='wbs-qr-add' onClick={() => start('new', EMPTY)}>
              添加快捷回复
            </Button>
          )}
        </View>
      </StatusView>
    </View>
  );
}
