import { Button, Text, View } from '@tarojs/components';
import { ApiError } from '../../services/api';
import { ROUTES, withQuery } from '../../services/routes';
import { navigateTo } from '../../services/navigate';
import './index.scss';

/** Refusals of the member policy, each with the one thing the resident can do about it. */
const STEPS: Record<string, { title: string; action: string; url: (e: ApiError) => string }> = {
  IDENTITY_UNVERIFIED: { title: '请先完成实名认证', action: '去实名认证', url: () => ROUTES.realName },
  FAMILY_AUTHORIZATION_REQUIRED: {
    title: '需要家人授权',
    action: '请家人授权',
    url: (e) => (typeof e.meta.memberId === 'string' ? withQuery(ROUTES.memberAccess, { memberId: e.meta.memberId }) : ROUTES.members),
  },
  GUARDIAN_UNCONFIRMED: {
    title: '未能确认监护关系',
    action: '核对成员信息',
    url: (e) => (typeof e.meta.memberId === 'string' ? withQuery(ROUTES.memberEdit, { id: e.meta.memberId }) : ROUTES.members),
  },
  REAL_NAME_REQUIRED: { title: '请先完成实名认证', action: '去实名认证', url: () => ROUTES.realName },
};

export function nextStepOf(error: unknown) {
  return error instanceof ApiError ? STEPS[error.code] : undefined;
}

/** What is missing and the button that leads there (instead of a bare error or 重试). */
export function NextStep({ error }: { error: ApiError }) {
  const step = STEPS[error.code];
  if (!step) return null;
  return (
    <View className='hp-next' data-testid={`next-step-${error.code}`} role='alert'>
      <Text className='hp-next__title'>{step.title}</Text>
      <Text className='hp-next__text'>{error.message}</Text>
      <Button className='hp-btn hp-next__action' data-testid='next-step-action' onClick={() => navigateTo({ url: step.url(error) })}>
        {step.action}
      </Button>
    </View>
  );
}

/** Shown where a page needs a member and the account has none yet: verification comes first. */
export function NoMemberYet() {
  return (
    <View className='hp-next' data-testid='no-member-yet'>
      <Text className='hp-next__title'>请先完成实名认证</Text>
      <Text className='hp-next__text'>为保护您和家人的健康信息，完成实名认证（刷脸或本人手机号验证）后，即可查看健康档案、缴费、预约疫苗和联系家庭医生，也可以添加家人。</Text>
      <Button className='hp-btn hp-next__action' data-testid='no-member-verify' onClick={() => navigateTo({ url: ROUTES.realName })}>
        去实名认证
      </Button>
    </View>
  );
}
