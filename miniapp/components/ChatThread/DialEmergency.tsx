import { Button } from '@tarojs/components';
import Taro from '@tarojs/taro';

/** Advice that says 拨打120 (the urgent-reading alert, the out-of-hours reply, a doctor's message). */
export const ADVISES_120 = /拨打\s*120/;

/** A button under such advice that dials 120 at once, instead of leaving the resident to type it. */
export function DialEmergency({ testId }: { testId: string }) {
  return (
    <Button
      className='hp-btn hp-btn--danger hp-btn--small chat__dial'
      data-testid={testId}
      aria-label='拨打120急救电话'
      onClick={() => void Taro.makePhoneCall({ phoneNumber: '120' }).catch(() => undefined)}
    >
      拨打 120
    </Button>
  );
}
