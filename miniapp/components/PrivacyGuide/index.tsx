import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { PRIVACY_AGREE_BUTTON_ID, PRIVACY_GUIDE, markPrivacyAgreed, markPrivacyDeclined, needsPrivacyGuide, openPrivacyGuide, subscribePrivacyGuide } from '../../services/privacy';
import { useBackCloses } from '../useBackCloses';
import './index.scss';

let promptedThisLaunch = false;

/**
 * The privacy guide sheet (用户隐私保护指引). Mounted by PageShell on every page; opens itself
 * on the first page of a launch when the guide has not been agreed to, and whenever a page calls
 * openPrivacyGuide() (e.g. the login button before agreement).
 */
export function PrivacyGuide({ autoPrompt = true }: { autoPrompt?: boolean }) {
  const [open, setOpen] = useState(false);

  useEffect(() => subscribePrivacyGuide((s) => setOpen(s.open)), []);

  useEffect(() => {
    if (!autoPrompt || promptedThisLaunch) return;
    promptedThisLaunch = true;
    // needsPrivacyGuide falls back to the local flag rather than rejecting.
    void needsPrivacyGuide().then((need) => {
      if (need) openPrivacyGuide();
    });
  }, [autoPrompt]);

  // Back is 不同意, as closing WeChat's own guide is.
  useBackCloses(open, markPrivacyDeclined);

  if (!open) return null;
  const weapp = process.env.TARO_ENV === 'weapp';
  return (
    <View className='hp-privacy' data-testid='privacy-guide' catchMove>
      <View className='hp-privacy__mask' />
      <View className='hp-privacy__sheet' role='dialog' aria-modal='true' aria-labelledby='hp-privacy-title'>
        <Text className='hp-privacy__title' id='hp-privacy-title'>
          {PRIVACY_GUIDE.title}
        </Text>
        <Text className='hp-privacy__summary' data-testid='privacy-guide-summary'>
          {PRIVACY_GUIDE.summary}
        </Text>
        {weapp && (
          <Text role='button' className='hp-privacy__link' onClick={() => Taro.openPrivacyContract?.({})}>
            查看完整《{PRIVACY_GUIDE.title}》
          </Text>
        )}
        <Text className='hp-privacy__version'>版本：{PRIVACY_GUIDE.version}</Text>
        <View className='hp-privacy__actions'>
          <Button className='hp-btn hp-btn--ghost hp-privacy__btn' data-testid='privacy-disagree' onClick={markPrivacyDeclined}>
            不同意
          </Button>
          {weapp ? (
            <Button id={PRIVACY_AGREE_BUTTON_ID} className='hp-btn hp-privacy__btn' data-testid='privacy-agree' openType='agreePrivacyAuthorization' onAgreePrivacyAuthorization={markPrivacyAgreed}>
              同意
            </Button>
          ) : (
            <Button id={PRIVACY_AGREE_BUTTON_ID} className='hp-btn hp-privacy__btn' data-testid='privacy-agree' onClick={markPrivacyAgreed}>
              同意
            </Button>
          )}
        </View>
      </View>
    </View>
  );
}
