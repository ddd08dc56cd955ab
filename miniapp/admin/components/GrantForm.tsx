import { Text, Textarea, View } from '@tarojs/components';
import { useState } from 'react';
import type { StaffDirectoryEntry, StaffRole, StaffUser } from '@healthpocket/shared-types';
import { ActionButton } from '../../components/ActionButton';
import { messageOf } from '../../services/api';
import { ROLE_LABELS, STAFF_ROLES, adminApi } from '../api';
import { DirectoryPicker } from './DirectoryPicker';
import { asyncHandler } from '../../services/ui';

/** 授予角色: a role the user does not have, a doctor picked from the directory, and a reason. */
export function GrantForm({ user, onDone }: { user: StaffUser; onDone: (u: StaffUser) => void }) {
  const available = STAFF_ROLES.filter((r) => !user.roles.includes(r));
  const [role, setRole] = useState<StaffRole | null>(null);
  const [doctor, setDoctor] = useState<StaffDirectoryEntry | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!available.length) return null;
  const ready = !!role && reason.trim().length >= 2 && (role !== 'doctor' || !!doctor);

  const submit = async () => {
    if (!role || !ready) return;
    setBusy(true);
    setError(null);
    try {
      const u = await adminApi.grant(user.id, { role, reason: reason.trim(), ...(role === 'doctor' ? { doctorId: doctor!.id } : {}) });
      setRole(null);
      setDoctor(null);
      setReason('');
      onDone(u);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className='adm-card' data-testid='admin-grant'>
      <Text className='adm-card__title'>授予角色</Text>
      <View className='hp-chips adm-roles'>
        {available.map((r) => (
          <View
            role='button'
            aria-pressed={role === r ? 'true' : 'false'}
            key={r}
            className={`hp-chip ${role === r ? 'hp-chip--active' : ''}`}
            data-testid={`admin-grant-role-${r}`}
            onClick={() => setRole(r)}
          >
            {ROLE_LABELS[r]}
          </View>
        ))}
      </View>
      {role === 'doctor' && (
        <View className='adm-field'>
          <Text className='adm-field__label'>绑定医生（从区域平台卫生人员目录中选择）</Text>
          {doctor && (
            <Text className='adm-picked' data-testid='admin-grant-doctor'>
              已选：{doctor.name}（{doctor.id}）
            </Text>
          )}
          <DirectoryPicker value={doctor} onPick={setDoctor} />
        </View>
      )}
      {role && (
        <View className='adm-field'>
          <Text className='adm-field__label'>授予原因（必填，将记入审计日志）</Text>
          <Textarea
            className='hp-field__input adm-reason'
            data-testid='admin-grant-reason'
            maxlength={200}
            value={reason}
            placeholder='例如：新入职家庭医生，负责花园社区'
            onInput={(e) => setReason(e.detail.value)}
          />
        </View>
      )}
      {error && (
        <View className='hp-alert hp-alert--error adm-error' data-testid='admin-grant-error'>
          {error}
        </View>
      )}
      {role && (
        <ActionButton className='hp-btn adm-submit' data-testid='admin-grant-submit' disabled={!ready || busy || undefined} loading={busy} onClick={asyncHandler(submit)}>
          授予{ROLE_LABELS[role]}角色
        </ActionButton>
      )}
    </View>
  );
}
