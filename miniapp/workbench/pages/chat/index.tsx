import { View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { PageShell } from '../../../components/PageShell';
import { ConversationPanes } from '../../components/ConversationPanes';
import { useDeskLayout, useDeskType } from '../../desk';
import '../../styles.scss';

/** A resident's conversation with their record beside it (two panes filling a desktop window). */
export default function WorkbenchChat() {
  const params = Taro.getCurrentInstance().router?.params ?? {};
  const id = params.id ?? '';
  // From a search hit: open at that message.
  const focusSeq = params.seq && /^\d+$/.test(params.seq) ? Number(params.seq) : undefined;
  useDeskType();
  const desk = useDeskLayout();
  return (
    <PageShell className={`wbc ${desk ? 'wb-desk-page' : ''}`} testId='workbench-chat' privacyPrompt={false}>
      {desk ? (
        <View className='wb-desk wb-desk--two'>
          <ConversationPanes id={id} desk focusSeq={focusSeq} />
        </View>
      ) : (
        <ConversationPanes id={id} focusSeq={focusSeq} />
      )}
    </PageShell>
  );
}
