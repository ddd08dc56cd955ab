import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { ageOn, chinaToday } from '../../services/shared';
import { useLargeFont } from '.';
import './ElderlyOffer.scss';

const OFFER_KEY = 'hp_large_font_offer';
/** The MIIT 适老化 spec's audience: residents aged 60 and over. */
const ELDERLY_AGE = 60;

function answered(): boolean {
  try {
    return Taro.getStorageSync(OFFER_KEY) === true;
  } catch {
    return false;
  }
}

/**
 * Offered once to a resident aged 60+: 长辈模式 (larger text and buttons). A card on the home page,
 * not a pop-up (the spec asks for no interrupting windows); either answer is remembered, and the
 * setting stays under 我的.
 */
export function ElderlyOffer({ birthDate }: { birthDate: string | null }) {
  const [large, setLarge] = useLargeFont();
  const [done, setDone] = useState(answered);
  if (done || large || !birthDate || ageOn(birthDate, chinaToday()) < ELDERLY_AGE) return null;
  const answer = (on: boolean) => {
    try {
      Taro.setStorageSync(OFFER_KEY, true);
    } catch {
      // Storage unavailable: the card may show again next launch.
    }
    setDone(true);
    if (on) setLarge(true);
  };
  return (
    <View className='hp-elderly-offer' role='region' aria-label='长辈模式' data-testid='elderly-offer'>
      <Text className='hp-elderly-offer__title'>试试长辈模式</Text>
      <Text className='hp-elderly-offer__text'>字更大、按钮更大，看得清、点得准。随时可在「我的」里关闭。</Text>
      <View className='hp-elderly-offer__actions'>
        <Button className='hp-btn hp-btn--small' data-testid='elderly-offer-on' onClick={() => answer(true)}>
          开启长辈模式
        </Button>
        <Button className='hp-btn hp-btn--ghost hp-btn--small' data-testid='elderly-offer-no' onClick={() => answer(false)}>
          暂不需要
        </Button>
      </View>
    </View>
  );
}
