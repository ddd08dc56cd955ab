import { Button, Input, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { ActionButton } from '../../../components/ActionButton';
import { ApiError, api, messageOf } from '../../../services/api';
import { loadClientConfig } from '../../../services/session';
import { MOBILE_PATTERN } from '../../../services/shared';
import { asyncHandler } from '../../../services/ui';

type PhoneEvent = { detail: { code?: string; errMsg?: string; errno?: number } };

/**
 * 申领 for a member with no phone on file (a resident verified by face has none): the WeChat phone
 * number is authorized here and its one-time code goes to the BFF, which exchanges it itself. In
 * weapp that is `<Button openType='getPhoneNumber'>`; in H5 the sandbox mints the code for the
 * number typed, as on the 身份认证 page.
 */
export function PhonePrompt(props: { busy: boolean; onCode: (phoneCode: string) => Promise<void> }) {
  const weapp = process.env.TARO_ENV === 'weapp';
  const [phone, setPhone] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [minting, setMinting] = useState(false);

  const onGetPhoneNumber = (e: PhoneEvent) => {
    setProblem(null);
    if (e.detail.code) void props.onCode(e.detail.code);
    else if (e.detail.errno === 1400001) setProblem('微信手机号授权次数已用完，请稍后再试');
    else setProblem('需要授权微信手机号才能申领电子健康卡');
  };

  /** H5: the sandbox stands for getPhoneNumber and gives the code for the phone typed. */
  const phoneH5 = async () => {
    const p = phone.trim();
    if (!MOBILE_PATTERN.test(p)) return setProblem('请输入正确的11位手机号');
    setProblem(null);
    setMinting(true);
    try {
      const cfg = await loadClientConfig();
      if (!cfg.sandboxUrl) throw new ApiError('NO_SANDBOX', '请在微信中打开小程序授权手机号', 0);
      const { code } = await api.sandboxPhoneCode(cfg.sandboxUrl, p);
      setMinting(false);
      await props.onCode(code);
    } catch (e) {
      setProblem(messageOf(e));
      setMinting(false);
    }
  };

  const busy = props.busy || minting;
  return (
    <View className='hc__phone' data-testid='health-card-phone-prompt'>
      <Text className='hc__todo-text'>申领电子健康卡需要一个联系手机号。您的账户还没有手机号（刷脸认证不登记手机号），请授权微信绑定的手机号，之后为家人申领无需再次授权。</Text>
      {!weapp && (
        <Input
          className={`hp-field__input ${problem ? 'hp-field__input--error' : ''}`}
          data-testid='health-card-phone'
          type='number'
          placeholder='微信绑定的11位手机号（演示环境）'
          value={phone}
          maxlength={11}
          onInput={(e: { detail: { value: string } }) => setPhone(e.detail.value)}
        />
      )}
      {weapp ? (
        <Button className='hp-btn hp-btn--block' data-testid='health-card-phone-wechat' openType='getPhoneNumber' disabled={busy} onGetPhoneNumber={onGetPhoneNumber}>
          {busy ? '申领中…' : '授权微信手机号并申领'}
        </Button>
      ) : (
        <ActionButton className='hp-btn hp-btn--block' data-testid='health-card-phone-register' loading={busy} disabled={busy || undefined} onClick={asyncHandler(phoneH5)}>
          授权微信手机号并申领
        </ActionButton>
      )}
      {problem && (
        <Text className='hp-field__error' data-testid='health-card-phone-error'>
          {problem}
        </Text>
      )}
    </View>
  );
}
