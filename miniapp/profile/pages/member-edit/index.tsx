import { Input, Picker, Text, View } from '@tarojs/components';
import { ActionButton } from '../../../components/ActionButton';
import Taro, { useRouter } from '@tarojs/taro';
import { useEffect, useMemo, useState } from 'react';
import { PageShell } from '../../../components/PageShell';
import { StatusView } from '../../../components/StatusView';
import { useRequest } from '../../../components/useRequest';
import { api, fieldErrorsOf, messageOf, type UpdateMemberRequest } from '../../../services/api';
import { CONSENT_TEXTS, GUARDIAN_CONSENT_UNDER_AGE, RELATION_LABELS } from '../../../services/consent-texts';
import { goBackOr } from '../../../services/navigate';
import { ROUTES } from '../../../services/routes';
import { ageOn, chinaToday, parseIdNumber, type CreateMemberRequest, type MemberView, type Relation, type Sex } from '../../../services/shared';
import { idNumberProblem, nameProblem, optionalPhoneProblem } from '../../../services/validate';
import { asyncHandler, showToast } from '../../../services/ui';
import './index.scss';

type InputEvent = { detail: { value: string } };
type MemberRelation = Exclude<Relation, 'self'>;
const RELATIONS: MemberRelation[] = ['spouse', 'child', 'parent', 'sibling', 'other'];
const GUARDIAN = CONSENT_TEXTS.guardian;

interface Errors {
  relation?: string | null;
  name?: string | null;
  idNumber?: string | null;
  birthDate?: string | null;
  sex?: string | null;
  phone?: string | null;
  guardian?: string | null;
}

export default function MemberEditPage() {
  const { params } = useRouter();
  const editingId = params?.id;
  const existing = useRequest<MemberView | null>(async () => (editingId ? ((await api.members()).items.find((m) => m.id === editingId) ?? null) : null), [editingId]);

  useEffect(() => {
    // The title is cosmetic: a page that cannot set it keeps the default.
    if (editingId) Taro.setNavigationBarTitle({ title: '编辑家庭成员' }).catch(() => undefined);
  }, [editingId]);

  if (editingId) {
    return (
      <PageShell className='member-edit' testId='member-edit-page'>
        <StatusView loading={existing.loading} error={existing.error} onRetry={() => void existing.reload()} empty={!existing.data} emptyText='没有找到该家庭成员'>
          {existing.data && <EditForm member={existing.data} />}
        </StatusView>
      </PageShell>
    );
  }
  return <CreateForm />;
}

function RelationChips({ value, onChange, error }: { value?: MemberRelation; onChange: (r: MemberRelation) => void; error?: string | null }) {
  return (
    <View className='hp-field'>
      <Text className='hp-field__label'>与本人关系</Text>
      <View className='hp-chips' role='radiogroup'>
        {RELATIONS.map((r) => (
          <View
            key={r}
            className={`hp-chip ${value === r ? 'hp-chip--active' : ''}`}
            role='radio'
            aria-checked={value === r ? 'true' : 'false'}
            data-testid={`member-relation-${r}`}
            onClick={() => onChange(r)}
          >
            <Text>{RELATION_LABELS[r]}</Text>
          </View>
        ))}
      </View>
      {error && (
        <Text className='hp-field__error' data-testid='member-relation-error'>
          {error}
        </Text>
      )}
    </View>
  );
}

function PhoneField({ value, onChange, error, placeholder }: { value: string; onChange: (v: string) => void; error?: string | null; placeholder?: string }) {
  return (
    <View className='hp-field'>
      <Text className='hp-field__label'>手机号（选填）</Text>
      <Input
        className={`hp-field__input ${error ? 'hp-field__input--error' : ''}`}
        data-testid='member-phone'
        type='number'
        maxlength={11}
        placeholder={placeholder ?? '用于接收预约、接种提醒'}
        value={value}
        onInput={(e: InputEvent) => onChange(e.detail.value)}
      />
      {error && (
        <Text className='hp-field__error' data-testid='member-phone-error'>
          {error}
        </Text>
      )}
    </View>
  );
}

function BirthDateField({ value, onChange, error }: { value: string; onChange: (v: string) => void; error?: string | null }) {
  const today = chinaToday();
  return (
    <View className='hp-field'>
      <Text className='hp-field__label'>出生日期</Text>
      {process.env.TARO_ENV === 'weapp' ? (
        <Picker mode='date' value={value || today} start='1900-01-01' end={today} onChange={(e) => onChange(String(e.detail.value))}>
          <View className={`hp-field__input member-edit__picker ${error ? 'hp-field__input--error' : ''}`} data-testid='member-birth'>
            <Text className={value ? '' : 'member-edit__placeholder'}>{value || '请选择出生日期'}</Text>
          </View>
        </Picker>
      ) : (
        // H5: the browser's own date picker (Taro's H5 Picker is a wheel that is hard to use with large fonts).
        <input
          className={`hp-field__input member-edit__date ${error ? 'hp-field__input--error' : ''}`}
          data-testid='member-birth'
          type='date'
          min='1900-01-01'
          max={today}
          value={value}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
      {error && (
        <Text className='hp-field__error' data-testid='member-birth-error'>
          {error}
        </Text>
      )}
    </View>
  );
}

function CreateForm() {
  const [relation, setRelation] = useState<MemberRelation | undefined>();
  const [name, setName] = useState('');
  const [noId, setNoId] = useState(false);
  const [idNumber, setIdNumber] = useState('');
  const [birthDate, setBirthDate] = useState('');
  const [sex, setSex] = useState<Sex | undefined>();
  const [phone, setPhone] = useState('');
  const [guardianAgreed, setGuardianAgreed] = useState(false);
  const [errors, setErrors] = useState<Errors>({});
  const [serverError, setServerError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  const childWithoutId = relation === 'child' && noId;

  // The birth date we know so far: from the picker, or from a valid ID number.
  const knownBirthDate = useMemo(() => {
    if (childWithoutId) return birthDate || null;
    const r = parseIdNumber(idNumber);
    return r.ok ? r.value.birthDate : null;
  }, [childWithoutId, birthDate, idNumber]);
  const underGuardianAge = !!knownBirthDate && ageOn(knownBirthDate) < GUARDIAN_CONSENT_UNDER_AGE;

  const submit = async () => {
    if (submitting) return;
    const next: Errors = {
      relation: relation ? null : '请选择与本人的关系',
      name: nameProblem(name),
      idNumber: childWithoutId ? null : idNumberProblem(idNumber),
      birthDate: childWithoutId && !birthDate ? '请选择出生日期' : null,
      sex: childWithoutId && !sex ? '请选择性别' : null,
      phone: optionalPhoneProblem(phone),
      guardian: underGuardianAge && !guardianAgreed ? '请阅读并勾选监护人同意书' : null,
    };
    setErrors(next);
    setServerError(null);
    if (Object.values(next).some(Boolean) || !relation) return;

    const base = {
      name: name.trim(),
      relation,
      ...(phone.trim() ? { phone: phone.trim() } : {}),
      ...(underGuardianAge ? { guardianConsentVersion: GUARDIAN.version } : {}),
    };
    const parsed = parseIdNumber(idNumber);
    const body: CreateMemberRequest = childWithoutId ? { ...base, birthDate, sex: sex! } : { ...base, idNumber: parsed.ok ? parsed.value.idNumber : idNumber.trim().toUpperCase() };

    setSubmitting(true);
    try {
      await api.createMember(body);
      showToast({ title: '已添加', icon: 'success' });
      setTimeout(() => goBackOr(ROUTES.members), 600);
    } catch (e) {
      setServerError(messageOf(e));
      const f = fieldErrorsOf(e);
      setErrors((s) => ({ ...s, name: f.name ?? s.name, idNumber: f.idNumber ?? s.idNumber, phone: f.phone ?? s.phone }));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <PageShell
      className='member-edit'
      testId='member-edit-page'
      footer={
        <ActionButton className='hp-btn hp-btn--block' data-testid='member-submit' loading={submitting} disabled={submitting || undefined} onClick={asyncHandler(submit)}>
          保存
        </ActionButton>
      }
    >
      {serverError && (
        <View className='hp-alert hp-alert--error member-edit__alert' data-testid='member-error' role='alert'>
          <Text>{serverError}</Text>
        </View>
      )}
      <View className='hp-form member-edit__form'>
        <RelationChips value={relation} onChange={setRelation} error={errors.relation} />

        <View className='hp-field'>
          <Text className='hp-field__label'>姓名</Text>
          <Input
            className={`hp-field__input ${errors.name ? 'hp-field__input--error' : ''}`}
            data-testid='member-name'
            placeholder='与身份证或出生证明一致'
            maxlength={30}
            value={name}
            onInput={(e: InputEvent) => setName(e.detail.value)}
          />
          {errors.name && (
            <Text className='hp-field__error' data-testid='member-name-error'>
              {errors.name}
            </Text>
          )}
        </View>

        {relation === 'child' && (
          // The whole row toggles (a bigger target than the switch); taps on the switch bubble here.
          <View role='button' className='hp-field member-edit__switch-row' onClick={() => setNoId(!noId)}>
            <View className='member-edit__switch-text'>
              <Text className='member-edit__switch-label'>儿童无身份证</Text>
              <Text className='hp-field__hint'>用出生日期和性别登记，办理身份证后可补充</Text>
            </View>
            <View className={`member-edit__switch ${noId ? 'member-edit__switch--on' : ''}`} role='switch' aria-checked={noId ? 'true' : 'false'} data-testid='member-no-id'>
              <View className='member-edit__knob' />
            </View>
          </View>
        )}

        {childWithoutId ? (
          <>
            <BirthDateField value={birthDate} onChange={setBirthDate} error={errors.birthDate} />
            <View className='hp-field'>
              <Text className='hp-field__label'>性别</Text>
              <View className='hp-chips' role='radiogroup'>
                {(['male', 'female'] as const).map((s) => (
                  <View
                    key={s}
                    className={`hp-chip ${sex === s ? 'hp-chip--active' : ''}`}
                    role='radio'
                    aria-checked={sex === s ? 'true' : 'false'}
                    data-testid={`member-sex-${s}`}
                    onClick={() => setSex(s)}
                  >
                    <Text>{s === 'male' ? '男' : '女'}</Text>
                  </View>
                ))}
              </View>
              {errors.sex && (
                <Text className='hp-field__error' data-testid='member-sex-error'>
                  {errors.sex}
                </Text>
              )}
            </View>
          </>
        ) : (
          <View className='hp-field'>
            <Text className='hp-field__label'>身份证号</Text>
            <Input
              className={`hp-field__input ${errors.idNumber ? 'hp-field__input--error' : ''}`}
              data-testid='member-id'
              type='idcard'
              maxlength={18}
              placeholder='18位居民身份证号码'
              value={idNumber}
              onInput={(e: InputEvent) => {
                const v = e.detail.value;
                setIdNumber(v);
                setErrors((s) => ({ ...s, idNumber: v.trim().length >= 18 ? idNumberProblem(v) : null }));
              }}
              onBlur={() => idNumber && setErrors((s) => ({ ...s, idNumber: idNumberProblem(idNumber) }))}
            />
            {errors.idNumber && (
              <Text className='hp-field__error' data-testid='member-id-error'>
                {errors.idNumber}
              </Text>
            )}
          </View>
        )}

        <PhoneField value={phone} onChange={setPhone} error={errors.phone} />
      </View>

      {underGuardianAge && (
        <View className='member-edit__guardian' data-testid='member-guardian'>
          <Text className='member-edit__guardian-title'>{GUARDIAN.title}</Text>
          <Text className='member-edit__guardian-text'>{GUARDIAN.summary}</Text>
          <View
            className='member-edit__check-row'
            role='checkbox'
            aria-checked={guardianAgreed ? 'true' : 'false'}
            data-testid='member-guardian-check'
            onClick={() => {
              setGuardianAgreed(!guardianAgreed);
              setErrors((s) => ({ ...s, guardian: null }));
            }}
          >
            <Text className={`member-edit__check ${guardianAgreed ? 'member-edit__check--on' : ''}`}>{guardianAgreed ? '✓' : ''}</Text>
            <Text>我是该儿童的监护人，已阅读并同意</Text>
          </View>
          {errors.guardian && (
            <Text className='hp-field__error' data-testid='member-guardian-error'>
              {errors.guardian}
            </Text>
          )}
        </View>
      )}
    </PageShell>
  );
}

function EditForm({ member }: { member: MemberView }) {
  const [relation, setRelation] = useState<MemberRelation>(member.relation === 'self' ? 'other' : member.relation);
  const [phone, setPhone] = useState('');
  const [removePhone, setRemovePhone] = useState(false);
  const [idNumber, setIdNumber] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [serverError, setServerError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  const submit = async () => {
    if (submitting) return;
    const next: Errors = {
      phone: optionalPhoneProblem(phone),
      idNumber: !member.idNumberMasked && idNumber.trim() ? idNumberProblem(idNumber) : null,
    };
    setErrors(next);
    setServerError(null);
    if (next.phone || next.idNumber) return;
    const body: UpdateMemberRequest = {};
    if (relation !== member.relation) body.relation = relation;
    if (phone.trim()) body.phone = phone.trim();
    else if (removePhone) body.phone = null;
    const parsed = parseIdNumber(idNumber);
    if (!member.idNumberMasked && parsed.ok) body.idNumber = parsed.value.idNumber;
    if (Object.keys(body).length === 0) {
      goBackOr(ROUTES.members);
      return;
    }
    setSubmitting(true);
    try {
      await api.updateMember(member.id, body);
      showToast({ title: '已保存', icon: 'success' });
      setTimeout(() => goBackOr(ROUTES.members), 600);
    } catch (e) {
      setServerError(messageOf(e));
      const f = fieldErrorsOf(e);
      setErrors((s) => ({ ...s, idNumber: f.idNumber ?? s.idNumber, phone: f.phone ?? s.phone }));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <>
      {serverError && (
        <View className='hp-alert hp-alert--error member-edit__alert' data-testid='member-error' role='alert'>
          <Text>{serverError}</Text>
        </View>
      )}
      <View className='hp-form member-edit__form'>
        <View className='hp-field'>
          <Text className='hp-field__label'>姓名</Text>
          <Text className='member-edit__readonly' data-testid='member-name-readonly'>
            {member.name}
          </Text>
          <Text className='hp-field__hint'>{member.idNumberMasked ? `身份证 ${member.idNumberMasked}` : `出生日期 ${member.birthDate} · ${member.sex === 'male' ? '男' : '女'}`}</Text>
        </View>
        <RelationChips value={relation} onChange={setRelation} />
        {!member.idNumberMasked && (
          <View className='hp-field'>
            <Text className='hp-field__label'>补充身份证号（选填）</Text>
            <Input
              className={`hp-field__input ${errors.idNumber ? 'hp-field__input--error' : ''}`}
              data-testid='member-id'
              type='idcard'
              maxlength={18}
              placeholder='办理身份证后填写'
              value={idNumber}
              onInput={(e: InputEvent) => setIdNumber(e.detail.value)}
            />
            {errors.idNumber && (
              <Text className='hp-field__error' data-testid='member-id-error'>
                {errors.idNumber}
              </Text>
            )}
          </View>
        )}
        <PhoneField
          value={phone}
          onChange={(v) => {
            setPhone(v);
            if (v) setRemovePhone(false);
          }}
          error={errors.phone}
          placeholder={member.phoneMasked ? `当前 ${member.phoneMasked}，输入新号码可更换` : '用于接收预约、接种提醒'}
        />
        {member.phoneMasked && !phone && (
          <View className='member-edit__check-row' role='checkbox' aria-checked={removePhone ? 'true' : 'false'} data-testid='member-remove-phone' onClick={() => setRemovePhone(!removePhone)}>
            <Text className={`member-edit__check ${removePhone ? 'member-edit__check--on' : ''}`}>{removePhone ? '✓' : ''}</Text>
            <Text>删除已登记的手机号</Text>
          </View>
        )}
      </View>
      <View className='hp-footer'>
        <ActionButton className='hp-btn hp-btn--block' data-testid='member-submit' loading={submitting} disabled={submitting || undefined} onClick={asyncHandler(submit)}>
          保存
        </ActionButton>
      </View>
    </>
  );
}
