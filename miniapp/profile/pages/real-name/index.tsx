import { Button, Input, Text, View } from '@tarojs/components';
import { ActionButton } from '../../../components/ActionButton';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { PageShell } from '../../../components/PageShell';
import { ApiError, api, fieldErrorsOf, messageOf } from '../../../services/api';
import { goBackOr } from '../../../services/navigate';
import { ROUTES } from '../../../services/routes';
import { loadClientConfig, setUser, useSession } from '../../../services/session';
import { MOBILE_PATTERN, parseIdNumber } from '../../../services/shared';
import { idNumberProblem, nameProblem } from '../../../services/validate';
import './index.scss';

type InputEvent = { detail: { value: string } };

export default function RealNamePage() {
  const weapp = process.env.TARO_ENV === 'weapp';
  const { user } = useSession();
  const [name, setName] = useState('');
  const [idNumber, setIdNumber] = useState('');
  const [phone, setPhone] = useState('');
  const [phoneCode, setPhoneCode] = useState('');
  const [errors, setErrors] = useState<{ name?: string | null; idNumber?: string | null; phone?: string | null }>({});
  const [serverError, setServerError] = useState<string | null>(null);
  const [fetchingCode, setFetchingCode] = useState(false);
  const [submitting, setSubmitting] = useState(false);

  const onIdInput = (e: InputEvent) => {
    const v = e.detail.value;
    setIdNumber(v);
    // Say what is wrong as soon as all 18 characters are there; earlier it would only nag.
    setErrors((s) => ({ ...s, idNumber: v.trim().length >= 18 ? idNumberProblem(v) : null }));
  };

  const requestPhoneCodeH5 = async () => {
    const p = phone.trim();
    if (!MOBILE_PATTERN.test(p)) {
      setErrors((s) => ({ ...s, phone: '请输入正确的11位手机号' }));
      return;
    }
    setErrors((s) => ({ ...s, phone: null }));
    setFetchingCode(true);
    try {
      const cfg = await loadClientConfig();
      if (!cfg.sandboxUrl) throw new ApiError('NO_SANDBOX', '请在微信中打开小程序授权手机号', 0);
      const { code } = await api.sandboxPhoneCode(cfg.sandboxUrl, p);
      setPhoneCode(code);
    } catch (e) {
      setErrors((s) => ({ ...s, phone: messageOf(e) }));
    } finally {
      setFetchingCode(false);
    }
  };

  const onGetPhoneNumber = (e: { detail: { code?: string; errMsg?: string; errno?: number } }) => {
    if (e.detail.code) {
      setPhoneCode(e.detail.code);
      setErrors((s) => ({ ...s, phone: null }));
    } else if (e.detail.errno === 1400001) {
      setErrors((s) => ({ ...s, phone: '手机号授权次数已用完，请稍后再试' }));
    } else {
      setErrors((s) => ({ ...s, phone: '需要授权手机号才能完成实名认证' }));
    }
  };

  const submit = async () => {
    if (submitting) return;
    const next = {
      name: nameProblem(name),
      idNumber: idNumberProblem(idNumber),
      phone: phoneCode ? null : weapp ? '请先授权手机号' : '请先获取验证码',
    };
    setErrors(next);
    setServerError(null);
    if (next.name || next.idNumber || next.phone) return;
    const parsed = parseIdNumber(idNumber);
    if (!parsed.ok) return;
    setSubmitting(true);
    try {
      const updated = await api.submitRealName({ name: name.trim(), idNumber: parsed.value.idNumber, phoneCode });
      setUser(updated);
      Taro.showToast({ title: '实名认证成功', icon: 'success' });
      setTimeout(() => goBackOr(ROUTES.me), 800);
    } catch (e) {
      setServerError(messageOf(e));
      const fields = fieldErrorsOf(e);
      setErrors((s) => ({ ...s, name: fields.name ?? s.name, idNumber: fields.idNumber ?? s.idNumber }));
      // A phone code is single-use: after a refusal the resident must get a new one.
      if (e instanceof ApiError && e.code === 'PHONE_CODE_INVALID') setPhoneCode('');
    } finally {
      setSubmitting(false);
    }
  };

  if (user?.realNameVerified) {
    return (
      <PageShell className='realname' testId='realname-page'>
        <View className='realname__done' data-testid='realname-done'>
          <View className='realname__done-icon'>
            <Text>✓</Text>
          </View>
          <Text className='realname__done-title'>已完成实名认证</Text>
          <View className='realname__done-rows'>
            <Text className='realname__done-row'>姓名：{user.name}</Text>
            <Text className='realname__done-row'>身份证：{user.idNumberMasked}</Text>
            {user.phoneMasked && <Text className='realname__done-row'>手机号：{user.phoneMasked}</Text>}
          </View>
          <Text className='realname__done-hint'>如需更换身份信息，请联系客服。</Text>
        </View>
      </PageShell>
    );
  }

  return (
    <PageShell
      className='realname'
      testId='realname-page'
      footer={
        <ActionButton className='hp-btn hp-btn--block' data-testid='realname-submit' loading={submitting} disabled={submitting || undefined} onClick={submit}>
          提交认证
        </ActionButton>
      }
    >
      <View className='hp-alert hp-alert--info realname__intro'>
        <Text>实名信息用于预约挂号、查询健康档案。身份证号与手机号加密保存，页面仅显示部分号码。</Text>
      </View>

      {serverError && (
        <View className='hp-alert hp-alert--error' data-testid='realname-error' role='alert'>
          <Text>{serverError}</Text>
        </View>
      )}

      <View className='hp-form'>
        <View className='hp-field'>
          <Text className='hp-field__label'>姓名</Text>
          <Input
            className={`hp-field__input ${errors.name ? 'hp-field__input--error' : ''}`}
            data-testid='realname-name'
            placeholder='与身份证一致'
            value={name}
            maxlength={30}
            onInput={(e: InputEvent) => setName(e.detail.value)}
            onBlur={() => name && setErrors((s) => ({ ...s, name: nameProblem(name) }))}
          />
          {errors.name && (
            <Text className='hp-field__error' data-testid='realname-name-error'>
              {errors.name}
            </Text>
          )}
        </View>

        <View className='hp-field'>
          <Text className='hp-field__label'>身份证号</Text>
          <Input
            className={`hp-field__input ${errors.idNumber ? 'hp-field__input--error' : ''}`}
            data-testid='realname-id'
            type='idcard'
            placeholder='18位居民身份证号码'
            value={idNumber}
            maxlength={18}
            onInput={onIdInput}
            onBlur={() => idNumber && setErrors((s) => ({ ...s, idNumber: idNumberProblem(idNumber) }))}
          />
          {errors.idNumber && (
            <Text className='hp-field__error' data-testid='realname-id-error'>
              {errors.idNumber}
            </Text>
          )}
        </View>

        <View className='hp-field'>
          <Text className='hp-field__label'>手机号</Text>
          {weapp ? (
            <Button
              className={`hp-btn hp-btn--block ${phoneCode ? 'hp-btn--plain' : 'hp-btn--ghost'}`}
              data-testid='realname-phone-wechat'
              openType='getPhoneNumber'
              onGetPhoneNumber={onGetPhoneNumber}
            >
              {phoneCode ? '已授权微信手机号 ✓' : '授权微信绑定的手机号'}
            </Button>
          ) : (
            <View className='hp-field__row'>
              <Input
                className={`hp-field__input realname__phone ${errors.phone ? 'hp-field__input--error' : ''}`}
                data-testid='realname-phone'
                type='number'
                placeholder='11位手机号'
                value={phone}
                maxlength={11}
                onInput={(e: InputEvent) => {
                  setPhone(e.detail.value);
                  setPhoneCode('');
                }}
              />
              <ActionButton
                className='hp-btn hp-btn--plain hp-btn--small realname__code-btn'
                data-testid='realname-phone-code-btn'
                loading={fetchingCode}
                disabled={fetchingCode || undefined}
                onClick={requestPhoneCodeH5}
              >
                {phoneCode ? '已获取' : '获取验证码'}
              </ActionButton>
            </View>
          )}
          {phoneCode && !errors.phone && (
            <Text className='hp-field__hint realname__ok' data-testid='realname-phone-status'>
              手机号已授权
            </Text>
          )}
          {errors.phone && (
            <Text className='hp-field__error' data-testid='realname-phone-error'>
              {errors.phone}
            </Text>
          )}
        </View>
      </View>
    </PageShell>
  );
}
