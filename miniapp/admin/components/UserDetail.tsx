import { Button, Text, Textarea, View } from '@tarojs/components';
import { useState } from 'react';
import type { StaffRole, StaffUser } from '@healthpocket/shared-types';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { StatusView } from '../../components/StatusView';
import { useRequest } from '../../components/useRequest';
import { messageOf } from '../../services/api';
import { ROLE_LABELS, adminApi, shortTime } from '../api';
import { GrantForm } from './GrantForm';
import { asyncHandler } from '../../services/ui';

/** One user: roles (each staff role revocable with a reason, after a confirmation), grant, history. */
export function UserDetail({ user, selfId, onChanged }: { user: StaffUser; selfId: string | null; onChanged: (u: StaffUser) => void }) {
  const history = useRequest(() => adminApi.history(user.id), [user.id, user.roles.join(',')]);
  const [revoking, setRevoking] = useState<StaffRole | null>(null);
  const [reason, setReason] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const staffRoles = user.roles.filter((r): r is StaffRole => r !== 'resident');

  const startRevoke = (r: StaffRole) => {
    setRevoking(r);
    setReason('');
    setError(null);
  };
  const doRevoke = async () => {
    if (!revoking) return;
    setBusy(true);
    setError(null);
    try {
      const u = await adminApi.revoke(user.id, revoking, reason.trim());
      setRevoking(null);
      onChanged(u);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
      setConfirming(false);
    }
  };

  return (
    <View className='adm-detail' data-testid='admin-detail'>
      <View className='adm-card'>
        <Text className='adm-detail__name' data-testid='admin-detail-name'>
          {user.nameMasked ?? '未实名用户'}
        </Text>
        <View className='adm-kv'>
          <Text className='adm-kv__k'>openid</Text>
          <Text className='adm-kv__v'>{user.openid}</Text>
          <Text className='adm-kv__k'>实名</Text>
          <Text className='adm-kv__v'>{user.realNameVerified ? '已实名' : '未实名'}</Text>
          {user.doctorId && (
            <>
              <Text className='adm-kv__k'>绑定医生</Text>
              <Text className='adm-kv__v' data-testid='admin-detail-doctor'>
                {user.doctorName ?? ''}（{user.doctorId}）
              </Text>
            </>
          )}
        </View>
        <Text className='adm-card__title'>当前角色</Text>
        <View className='adm-role-list' data-testid='admin-detail-roles'>
          <View className='adm-role'>
            <Text className='adm-tag'>居民</Text>
            <Text className='adm-role__note'>所有用户都是居民，不能撤销</Text>
          </View>
          {staffRoles.map((r) => (
            <View key={r} className='adm-role' data-testid={`admin-role-${r}`}>
              <Text className={`adm-tag adm-tag--${r}`}>{ROLE_LABELS[r]}</Text>
              {r === 'admin' && user.id === selfId ? (
                <Text className='adm-role__note'>您自己的管理员角色需由另一位管理员撤销</Text>
              ) : (
                <Button className='hp-btn hp-btn--ghost hp-btn--small adm-role__revoke' data-testid={`admin-revoke-${r}`} onClick={() => startRevoke(r)}>
                  撤销
                </Button>
              )}
            </View>
          ))}
        </View>
        {revoking && (
          <View className='adm-field adm-revoke' data-testid='admin-revoke-form'>
            <Text className='adm-field__label'>撤销「{ROLE_LABELS[revoking]}」角色的原因（必填，将记入审计日志）</Text>
            <Textarea
              className='hp-field__input adm-reason'
              data-testid='admin-revoke-reason'
              maxlength={200}
              value={reason}
              placeholder='例如：已调离本中心'
              onInput={(e) => setReason(e.detail.value)}
            />
            <View className='adm-revoke__actions'>
              <Button className='hp-btn hp-btn--ghost hp-btn--small' data-testid='admin-revoke-cancel' onClick={() => setRevoking(null)}>
                取消
              </Button>
              <Button className='hp-btn hp-btn--danger hp-btn--small' data-testid='admin-revoke-submit' disabled={reason.trim().length < 2 || undefined} onClick={() => setConfirming(true)}>
                撤销角色
              </Button>
            </View>
          </View>
        )}
        {error && (
          <View className='hp-alert hp-alert--error adm-error' data-testid='admin-revoke-error'>
            {error}
          </View>
        )}
      </View>

      <GrantForm key={user.roles.join(',')} user={user} onDone={onChanged} />

      <View className='adm-card' data-testid='admin-history'>
        <Text className='adm-card__title'>角色变更记录</Text>
        <StatusView
          loading={history.loading && !history.data}
          error={history.error}
          onRetry={() => void history.reload()}
          empty={!history.data?.items.length}
          emptyText='还没有通过管理页授予或撤销过角色'
        >
          {(history.data?.items ?? []).map((h) => (
            <View key={h.id} className='adm-history' data-testid={`admin-history-${h.id}`}>
              <Text className={`adm-history__what adm-history__what--${h.action}`}>
                {h.action === 'grant' ? '授予' : '撤销'} {ROLE_LABELS[h.role]}
                {h.doctorId ? `（${h.doctorId}）` : ''}
              </Text>
              <Text className='adm-history__reason'>原因：{h.reason}</Text>
              <Text className='adm-history__meta'>
                {shortTime(h.at)} · {h.byName}
              </Text>
            </View>
          ))}
        </StatusView>
      </View>

      <ConfirmDialog
        open={confirming}
        title={`撤销${revoking ? ROLE_LABELS[revoking] : ''}角色`}
        content={`撤销后，${user.nameMasked ?? '该用户'}的下一次操作起即不再拥有此角色的权限。原因：${reason.trim()}`}
        confirmText='确认撤销'
        danger
        busy={busy}
        onConfirm={asyncHandler(doRevoke)}
        onCancel={() => setConfirming(false)}
      />
    </View>
  );
}
