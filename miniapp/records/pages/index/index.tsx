import { Tokens } from '../../../components/Tokens';
import { Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { MemberSwitcher } from '../../../components/MemberSwitcher';
import { PageShell } from '../../../components/PageShell';
import { useRequest } from '../../../components/useRequest';
import { messageOf } from '../../../services/api';
import { withQuery } from '../../../services/routes';
import { recordsApi } from '../../api';
import { FreshnessNote, RecordGate } from '../../components/RecordGate';
import { bloodTypeText, CATEGORY_LABELS, formatDate, SEX_TEXT } from '../../format';
import { RECORD_PAGES } from '../../routes';
import { asyncHandler } from '../../../services/ui';
import { navigateTo } from '../../../services/navigate';
import '../../records.scss';
import './index.scss';

type Field = 'idNumber' | 'phone' | 'address';

export default function RecordHomePage() {
  const { params } = useRouter();
  // An account without 本人 yet (not verified): the switcher says what to do; nothing waits for a member.
  const [noMember, setNoMember] = useState(false);
  const [member, setMember] = useState<string | undefined>(params?.member);
  const overview = useRequest(() => (member ? recordsApi.overview(member) : new Promise<never>(() => undefined)), [member]);
  const [revealed, setRevealed] = useState<Partial<Record<Field, string>>>({});
  const [revealError, setRevealError] = useState<string | null>(null);
  const data = overview.data;
  const b = data?.basic;

  const choose = (id: string) => {
    if (id === member) return;
    setRevealed({});
    setRevealError(null);
    setMember(id);
  };

  const reveal = async (field: Field) => {
    if (!member) return;
    setRevealError(null);
    try {
      const r = await recordsApi.reveal(member, field);
      setRevealed((x) => ({ ...x, [field]: r.value ?? '未登记' }));
    } catch (e) {
      setRevealError(messageOf(e));
    }
  };

  const open = (page: string, extra: Record<string, string> = {}) => {
    if (member) navigateTo({ url: withQuery(page, { member, ...extra }) });
  };

  const masked = (field: Field, value: string | null) => (
    <View className='rh__masked'>
      <Text className='rec-row__value' data-testid={`records-${field}`}>
        {revealed[field] ?? value ?? '未登记'}
      </Text>
      {value && !revealed[field] && (
        <Text role='button' className='rh__reveal' data-testid={`records-reveal-${field}`} onClick={asyncHandler(() => reveal(field))}>
          显示
        </Text>
      )}
    </View>
  );

  const sections = data
    ? [
        { key: 'bp', label: '血压趋势', desc: data.latest.bp ? `最近 ${data.latest.bp.sbp}/${data.latest.bp.dbp} mmHg` : '暂无血压记录', page: RECORD_PAGES.trend, extra: { metric: 'bp' } },
        { key: 'glucose', label: '血糖趋势', desc: data.latest.glucose ? `最近 ${data.latest.glucose.value} mmol/L` : '暂无血糖记录', page: RECORD_PAGES.trend, extra: { metric: 'glucose' } },
        { key: 'followups', label: '慢病随访记录', desc: `高血压、2型糖尿病随访 ${data.counts.followups} 次`, page: RECORD_PAGES.followups },
        { key: 'checkups', label: '健康体检', desc: `年度体检 ${data.counts.checkups} 次`, page: RECORD_PAGES.checkups },
        { key: 'visits', label: '就诊记录', desc: `接诊、转诊 ${data.counts.visits} 条`, page: RECORD_PAGES.visits },
        { key: 'reports', label: '检查检验报告', desc: `${data.counts.reports} 份${data.counts.abnormalReports ? `，${data.counts.abnormalReports} 份有异常` : ''}`, page: RECORD_PAGES.reports },
        ...(b && b.age < 14 ? [{ key: 'immunizations', label: '预防接种记录', desc: '已接种疫苗', page: RECORD_PAGES.immunizations }] : []),
        ...(data.canSeeAudit ? [{ key: 'audit', label: '谁查看了我的档案', desc: '每一次查看都有记录', page: RECORD_PAGES.audit }] : []),
      ]
    : [];

  return (
    <PageShell className='rh' testId='records-home'>
      <MemberSwitcher value={member} onChange={(m) => choose(m.id)} onNone={() => setNoMember(true)} />
      {!noMember && (
        <RecordGate memberId={member} loading={!member || (overview.loading && !data)} error={overview.error} onRetry={() => void overview.reload()} onConsented={() => void overview.reload()}>
          {data && b && (
            <View data-testid='records-overview'>
              <FreshnessNote data={data} />
              {b.status === 'closed' && (
                <View className='hp-alert hp-alert--warn rh__closed'>
                  <Text>该档案已结案{b.closedReason ? `（${b.closedReason}）` : ''}，仅供查阅</Text>
                </View>
              )}
              <View className='rec-card' data-testid='records-basic'>
                <View className='rh__head'>
                  <Text className='rh__name'>{b.name}</Text>
                  <Text className='rh__meta'>
                    {SEX_TEXT[b.sex]} · {b.age}岁 · {bloodTypeText(b.bloodType)}
                  </Text>
                </View>
                <View className='rec-row'>
                  <Text className='rec-row__label'>档案编号</Text>
                  <Text className='rec-row__value'>{b.recordNumber}</Text>
                </View>
                <View className='rec-row'>
                  <Text className='rec-row__label'>身份证号</Text>
                  {masked('idNumber', b.idNumberMasked)}
                </View>
                <View className='rec-row'>
                  <Text className='rec-row__label'>手机号</Text>
                  {masked('phone', b.phoneMasked)}
                </View>
                <View className='rec-row'>
                  <Text className='rec-row__label'>住址</Text>
                  {masked('address', b.addressMasked)}
                </View>
                <View className='rec-row'>
                  <Text className='rec-row__label'>过敏史</Text>
                  <Text className={`rec-row__value ${b.allergies.length ? 'rec-flag' : ''}`}>{b.allergies.length ? b.allergies.join('、') : '无'}</Text>
                </View>
                <View className='rec-row'>
                  <Text className='rec-row__label'>慢性病</Text>
                  <Text className='rec-row__value' data-testid='records-conditions'>
                    {b.chronicConditions.length ? b.chronicConditions.map((c) => `${c.name}（${c.code}）`).join('、') : '无'}
                  </Text>
                </View>
                {b.pastHistory.surgeries.length > 0 && (
                  <View className='rec-row'>
                    <Text className='rec-row__label'>手术史</Text>
                    <Text className='rec-row__value'>
                      <Tokens text={b.pastHistory.surgeries.map((x) => `${x.name} ${x.date}`).join('、')} />
                    </Text>
                  </View>
                )}
                {b.familyHistory.length > 0 && (
                  <View className='rec-row'>
                    <Text className='rec-row__label'>家族史</Text>
                    <Text className='rec-row__value'>{b.familyHistory.map((x) => `${x.relation}：${x.conditions.join('、')}`).join('；')}</Text>
                  </View>
                )}
                <View className='rec-row'>
                  <Text className='rec-row__label'>医疗费用</Text>
                  <Text className='rec-row__value'>{b.insurancePaymentType}</Text>
                </View>
                <View className='rec-row'>
                  <Text className='rec-row__label'>家庭医生</Text>
                  <Text className='rec-row__value'>
                    <Tokens text={data.contract ? `${data.contract.teamName}（至 ${data.contract.validTo}）` : '未签约'} />
                  </Text>
                </View>
                <Text className='rh__hint'>查看完整身份证号、手机号或住址会被记录在档案查看记录中</Text>
                {revealError && (
                  <View className='hp-alert hp-alert--error rh__reveal-error' role='alert'>
                    <Text>{revealError}</Text>
                  </View>
                )}
              </View>

              {(data.latest.bp || data.latest.glucose) && (
                <View className='rec-card rh__latest' data-testid='records-latest'>
                  <Text className='rec-card__title'>最近一次测量</Text>
                  {data.latest.bp && (
                    <View role='button' className='rec-row' onClick={() => open(RECORD_PAGES.trend, { metric: 'bp' })}>
                      <Text className='rec-row__label'>血压 {formatDate(data.latest.bp.at)}</Text>
                      <View className='rh__reading'>
                        <Text className='rh__value'>
                          {data.latest.bp.sbp}/{data.latest.bp.dbp}
                        </Text>
                        <Text className='rh__unit'> mmHg</Text>
                        <Text className={`rec-tag rec-tag--${data.latest.bp.category}`}>{CATEGORY_LABELS[data.latest.bp.category]}</Text>
                      </View>
                    </View>
                  )}
                  {data.latest.glucose && (
                    <View role='button' className='rec-row' onClick={() => open(RECORD_PAGES.trend, { metric: 'glucose' })}>
                      <Text className='rec-row__label'>空腹血糖 {formatDate(data.latest.glucose.at)}</Text>
                      <View className='rh__reading'>
                        <Text className='rh__value'>{data.latest.glucose.value}</Text>
                        <Text className='rh__unit'> mmol/L</Text>
                        <Text className={`rec-tag rec-tag--${data.latest.glucose.category}`}>{CATEGORY_LABELS[data.latest.glucose.category]}</Text>
                      </View>
                    </View>
                  )}
                </View>
              )}

              <Text className='hp-section-title'>档案内容</Text>
              {sections.map((s) => (
                <View role='button' key={s.key} className='rec-item' data-testid={`records-section-${s.key}`} onClick={() => open(s.page, 'extra' in s ? s.extra : {})}>
                  <View className='rec-item__main'>
                    <Text className='rec-item__title'>{s.label}</Text>
                    <Text className='rec-item__meta'>{s.desc}</Text>
                  </View>
                  <Text className='rec-item__arrow'>›</Text>
                </View>
              ))}
              <View className='rec-bottom' />
            </View>
          )}
        </RecordGate>
      )}
    </PageShell>
  );
}
