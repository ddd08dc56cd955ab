import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { ChatThread } from '../../../components/ChatThread';
import { PageShell } from '../../../components/PageShell';
import { StatusView } from '../../../components/StatusView';
import { useRequest } from '../../../components/useRequest';
import { doctorApi } from '../../../services/doctor-api';
import { useConversation } from '../../../services/use-conversation';
import '../../styles.scss';
import './index.scss';

/** Chat with the contracted family-doctor team, for self or a family member. */
export default function ResidentChat() {
  const memberId = Taro.getCurrentInstance().router?.params.memberId ?? '';
  const conv = useRequest(() => doctorApi.openConversation(memberId), [memberId]);
  const chat = useConversation(conv.data?.id, 'resident');

  // WeChat: one accepted template = one message; ask when the resident chooses to be reminded.
  const askReminders = () => {
    const tmplIds = conv.data?.subscribeTemplateIds ?? [];
    Taro.requestSubscribeMessage({ tmplIds, entityIds: [] } as never)
      .then(() => Taro.showToast({ title: '医生回复时将提醒您', icon: 'none' }))
      .catch(() => undefined);
  };

  return (
    <PageShell className='resident-chat' testId='doctor-chat' privacyPrompt={false}>
      <StatusView loading={conv.loading} error={conv.error} onRetry={() => void conv.reload()}>
        {conv.data && (
          <>
            <View className='resident-chat__head'>
              <Text className='resident-chat__title' data-testid='doctor-chat-title'>
                {conv.data.teamName} · 为{conv.data.memberName}咨询
              </Text>
              {process.env.TARO_ENV === 'weapp' && (
                <Button className='hp-btn hp-btn--plain hp-btn--small' onClick={askReminders}>
                  回复提醒
                </Button>
              )}
            </View>
            <ChatThread chat={chat} mySide='resident' notice={conv.data.notice} hours={conv.data.hours} testId='chat' />
          </>
        )}
      </StatusView>
    </PageShell>
  );
}
