import { Button, Input, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { ActionButton } from '../../../components/ActionButton';
import { PageShell } from '../../../components/PageShell';
import { ApiError, api, fieldErrorsOf, messageOf } from '../../../services/api';
import { goBackOr, openRoute } from '../../../services/navigate';
import { ROUTES } from '../../../services/routes';
import { loadClientConfig, setUser, useSession } from '../../../services/session';
import { MOBILE_PATTERN, parseIdNumber } from '../../../services/shared';
import { idNumberProblem, nameProblem } from '../../../services/validate';
import { FaceSheet, type FaceOutcome } from './FaceSheet';
import { requestFacialVerify } from './face-check';
import { asyncHandler, showToast } from '../../../services/ui';
import './index.scss';

type InputEvent = { detail: { value: string } };
type Busy = null | 'phone' | 'face';

/** Codes after which the face route is the way on: the page points at it. */
const FACE_NEXT = new Set(['FACE_VERIFY_REQUIRED', 'ID_NUMBER_TAKEN', 'FACE_VERIFY_FAILED', 'FACE_VERIFY_CANCELLED', 'FACE_VERIFY_EXPIRED', 'FACE_VERIFY_PENDING']);

/**
 * 身份认证: name + ID number, then proof — 「手机号快速验证」 (the WeChat phone equals the phone the
 * health platform holds for that ID number) or 「刷脸认证」 (微信人脸核身; the BFF asks WeChat for
 * the result). Until proven the account may browse and book for itself, but reads no health record.
 */
export default function RealNamePage() {
  const weapp = process.env.TARO_ENV === 'weapp';
  const { user } = useSession();
  const [name, setName] = useState('');
  const [idNumber, setIdNumber] = useState('');
  const [phone, setPhone] = useState('');
  const [errors, setErrors] = useState<{ name?: string | null; idNumber?: string | null; phone?: string | null }>({});
  const [serverError, setServerError] = useState<{ code: string; message: string } | null>(null);
  const [busy, setBusy] = useState<Busy>(null);
  const [sheet, setSheet] = useState<string | null>(null);

  const onIdInput = (e: InputEvent) => {
    const v = e.detail.value;
    setIdNumber(v);
    // Say what is wrong as soon as all 18 characters are there; earlier it would only nag.
    setErrors((s) => ({ ...s, idNumber: v.trim().length >= 18 ? idNumberProblem(v) : null }));
  };

  /** The identity as typed, normalised; null (with the problems shown) when it is not valid. */
  const identity = (): { name: string; idNumber: string } | null => {
    const next = { name: nameProblem(name), idNumber: idNumberProblem(idNumber) };
    setErrors((s) => ({ ...s, ...next }));
    setServerError(null);
    const parsed = parseIdNumber(idNumber);
    if (next.name || next.idNumber || !parsed.ok) return null;
    return { name: name.trim(), idNumber: parsed.value.idNumber };
  };

  const fail = (e: unknown) => {
    const code = e instanceof ApiError ? e.code : 'UNKNOWN';
    setServerError({ code, message: messageOf(e) });
    const fields = fieldErrorsOf(e);
    setErrors((s) => ({ ...s, name: fields.name ?? s.name, idNumber: fields.idNumber ?? s.idNumber }));
  };

  const verified = (updated: Awaited<ReturnType<typeof api.me>>) => {
    setUser(updated);
    showToast({ title: '身份认证成功', icon: 'success' });
  };

  const byPhone = async (who: { name: string; idNumber: string }, phoneCode: string) => {
    setBusy('phone');
    try {
      verified(await api.submitRealName({ ...who, phoneCode }));
    } catch (e) {
      fail(e);
    } finally {
      setBusy(null);
    }
  };

  /** H5: the sandbox mints the code getPhoneNumber would give for the phone typed. */
  const phoneH5 = async () => {
    if (busy) return;
    const who = identity();
    const p = phone.trim();
    const phoneProblem = MOBILE_PATTERN.test(p) ? null : '请输入正确的11位手机号';
    setErrors((s) => ({ ...s, phone: phoneProblem }));
    if (!who || phoneProblem) return;
    setBusy('phone');
    try {
      const cfg = await loadClientConfig();
      if (!cfg.sandboxUrl) throw new ApiError('NO_SANDBOX', '请在微信中打开小程序授权手机号', 0);
      const { code } = await api.sandboxPhoneCode(cfg.sandboxUrl, p);
      await byPhone(who, code);
    } catch (e) {
      fail(e);
      setBusy(null);
    }
  };

  const onGetPhoneNumber = (e: { detail: { code?: string; errMsg?: string; errno?: number } }) => {
    const who = identity();
    if (!who) return;
    if (e.detail.code) void byPhone(who, e.detail.code);
    else if (e.detail.errno === 1400001) setErrors((s) => ({ ...s, phone: '手机号快速验证次数已用完，请使用「刷脸认证」' }));
    else setErrors((s) => ({ ...s, phone: '未授权手机号，可以改用「刷脸认证」' }));
  };

  /** The BFF asks WeChat for the result of this verify_id; only its answer counts. */
  const finishFace = async (verifyId: string) => {
    setBusy('face');
    try {
      verified(await api.faceVerifyResult(verifyId));
    } catch (e) {
      fail(e);
    } finally {
      setBusy(null);
    }
  };

  const startFace = async () => {
    if (busy) return;
    const who = identity();
    if (!who) return;
    setBusy('face');
    try {
      const { verifyId } = await api.startFaceVerify(who);
      if (weapp) {
        if (!(await requestFacialVerify(verifyId))) throw new ApiError('FACE_UNSUPPORTED', '当前微信版本不支持刷脸认证，请升级微信后重试，或使用「手机号快速验证」', 0);
        await finishFace(verifyId);
      } else {
        setSheet(verifyId);
        setBusy(null);
      }
    } catch (e) {
      fail(e);
      setBusy(null);
    }
  };

  const onSheet = async (outcome: FaceOutcome) => {
    const verifyId = sheet!;
    setSheet(null);
    setBusy('face');
    try {
      const cfg = await loadClientConfig();
      if (cfg.sandboxUrl) await api.sandboxFaceVerify(cfg.sandboxUrl, verifyId, outcome).catch(() => undefined);
    } finally {
      await finishFace(verifyId);
    }
  };

  if (user?.realNameVerified) {
    return (
      <PageShell className='realname' testId='realname-page'>
        <View className='realname__done' data-testid='realname-done'>
          <View className='realname__done-icon'>
            <Text>✓</Text>
          </View>
          <Text className='realname__done-title'>身份认证已完成</Text>
          <View className='realname__done-rows'>
            <Text className='realname__done-row'>姓名：{user.name}</Text>
            <Text className='realname__done-row'>身份证：{user.idNumberMasked}</Text>
            {user.phoneMasked && <Text className='realname__done-row'>手机号：{user.phoneMasked}</Text>}
            <Text className='realname__done-row' data-testid='realname-method'>
              认证方式：{user.identity?.method === 'phone' ? '手机号快速验证' : '刷脸认证'}
            </Text>
          </View>
          <Text className='realname__done-hint'>现在可以查看健康档案、为家人预约。如需更换身份信息，请联系客服。</Text>
          <View className='realname__next'>
            <Button className='hp-btn hp-btn--block' data-testid='realname-add-family' onClick={() => openRoute(ROUTES.members)}>
              添加家庭成员
            </Button>
            <Button className='hp-btn hp-btn--ghost hp-btn--block' data-testid='realname-next' onClick={() => goBackOr(ROUTES.me)}>
              完成
            </Button>
          </View>
        </View>
      </PageShell>
    );
  }

  const faceFirst = !!serverError && FACE_NEXT.has(serverError.code);
  return (
    <PageShell className='realname' testId='realname-page'>
      <View className='hp-alert hp-alert--info realname__intro'>
        <Text>为保护您的健康信息，查看档案前需要证明“我是我”。身份证号与手机号加密保存，页面仅显示部分号码。</Text>
      </View>

      {user?.identity?.state === 'claimed' && (
        <View className='hp-alert hp-alert--warn realname__claimed' data-testid='realname-claimed'>
          <Text>
            已填写：{user.name}（{user.idNumberMasked}），尚未完成认证。未认证时可以为本人预约挂号，完成认证后才能查看健康档案。
          </Text>
        </View>
      )}

      {serverError && (
        <View className='hp-alert hp-alert--error' data-testid='realname-error' role='alert'>
          <Text>{serverError.message}</Text>
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
      </View>

      <View className={`realname__way ${faceFirst ? 'realname__way--dim' : ''}`}>
        <Text className='realname__way-title'>手机号快速验证</Text>
        <Text className='realname__way-desc'>微信绑定的手机号与健康档案登记的手机号一致即可通过。</Text>
        {!weapp && (
          <Input
            className={`hp-field__input realname__phone ${errors.phone ? 'hp-field__input--error' : ''}`}
            data-testid='realname-phone'
            aria-label='微信绑定的手机号'
            type='number'
            placeholder='微信绑定的11位手机号（演示环境）'
            value={phone}
            maxlength={11}
            onInput={(e: InputEvent) => setPhone(e.detail.value)}
          />
        )}
        {weapp ? (
          <Button className='hp-btn hp-btn--block' data-testid='realname-phone-wechat' openType='getPhoneNumber' disabled={!!busy} onGetPhoneNumber={onGetPhoneNumber}>
            {busy === 'phone' ? '验证中…' : '手机号快速验证'}
          </Button>
        ) : (
          <ActionButton className='hp-btn hp-btn--block' data-testid='realname-phone-verify' loading={busy === 'phone'} disabled={!!busy || undefined} onClick={asyncHandler(phoneH5)}>
            手机号快速验证
          </ActionButton>
        )}
        {errors.phone && (
          <Text className='hp-field__error' data-testid='realname-phone-error'>
            {errors.phone}
          </Text>
        )}
      </View>

      <View className={`realname__way ${faceFirst ? 'realname__way--lead' : ''}`} data-testid='realname-face-way'>
        <Text className='realname__way-title'>刷脸认证</Text>
        <Text className='realname__way-desc'>由微信比对公安权威数据，本人刷脸即可。该身份证号已在其他微信账号认证时，刷脸通过后转到当前账号。</Text>
        <ActionButton
          className={`hp-btn hp-btn--block ${faceFirst ? '' : 'hp-btn--ghost'}`}
          data-testid='realname-face'
          loading={busy === 'face'}
          disabled={!!busy || undefined}
          onClick={asyncHandler(startFace)}
        >
          刷脸认证
        </ActionButton>
      </View>

      {sheet && <FaceSheet name={name.trim()} onOutcome={(o) => void onSheet(o)} />}
    </PageShell>
  );
}
