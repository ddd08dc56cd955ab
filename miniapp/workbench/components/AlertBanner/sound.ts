import Taro from '@tarojs/taro';
import beepUrl from '../../../assets/sounds/alert-beep.wav';

const MUTE_KEY = 'hp_alert_sound_muted';

/** The doctor's choice, remembered on this device. */
export const alertSound = {
  muted: (): boolean => Taro.getStorageSync(MUTE_KEY) === true,
  setMuted: (muted: boolean): void => Taro.setStorageSync(MUTE_KEY, muted),
};

/**
 * A short bundled beep: Taro's InnerAudioContext in the mini-program, an HTMLAudioElement in the
 * H5 build (a browser may refuse to play before the page was touched: that is ignored).
 */
export function playBeep(): void {
  if (process.env.TARO_ENV !== 'weapp' && typeof Audio !== 'undefined') {
    const audio = new Audio(beepUrl);
    void audio.play()?.catch(() => undefined);
    return;
  }
  const ctx = Taro.createInnerAudioContext();
  ctx.src = beepUrl;
  ctx.onEnded(() => ctx.destroy());
  ctx.onError(() => ctx.destroy());
  ctx.play();
}
