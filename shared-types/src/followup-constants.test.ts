import { FOLLOWUP_FORMS, followupProblem, tappedOption } from './followup-constants';
import { FollowupForm } from './followup';

/** The workbench's zod-free first check says what the BFF's schema would refuse. */
const valid = {
  kind: 'hypertension',
  recordNumber: '34010420260000001',
  clientId: 'client-00000001',
  date: '2026-12-01',
  method: '门诊',
  symptoms: ['无症状'],
  sbp: 146,
  dbp: 84,
  weightKg: 70.5,
  heightCm: 170,
  heartRate: 72,
  smokingPerDay: 0,
  drinkingLiangPerDay: 0,
  exerciseTimesPerWeek: 3,
  exerciseMinutes: 30,
  salt: '中',
  adherence: '规律',
  adverseReaction: null,
  classification: '控制不满意',
  medications: [],
  referral: null,
  advice: null,
  nextVisitDate: '2026-12-15',
};

describe('followupProblem', () => {
  it('passes a form the schema accepts', () => {
    expect(FollowupForm.safeParse(valid).success).toBe(true);
    expect(followupProblem('hypertension', valid)).toBeNull();
  });

  it.each([
    [{ sbp: undefined }, '请填写收缩压'],
    [{ sbp: 300 }, '收缩压应在 60–260mmHg 之间'],
    [{ sbp: 140.5 }, '收缩压应为整数'],
    [{ weightKg: 70.55 }, '体重最多一位小数'],
    [{ method: '' }, '请选择随访方式'],
    [{ symptoms: [] }, '请选择症状'],
    [{ nextVisitDate: '12/15' }, '下次随访日期格式应为 YYYY-MM-DD'],
  ])('refuses %o as the schema does: %s', (change, message) => {
    const body = { ...valid, ...change };
    expect(followupProblem('hypertension', body)).toBe(message);
    expect(FollowupForm.safeParse(body).success).toBe(false);
  });

  it('asks fasting glucose on the diabetes form only', () => {
    expect(FOLLOWUP_FORMS.diabetes.fields.some((f) => f.key === 'fastingGlucose' && f.required)).toBe(true);
    expect(followupProblem('diabetes', { ...valid, kind: 'diabetes', symptoms: ['多饮'] })).toBe('请填写空腹血糖');
  });
});

describe('tappedOption', () => {
  const multi = { type: 'multi' as const };
  it('a choice takes the option tapped', () => {
    expect(tappedOption({ type: 'choice' }, '规律', '间断')).toBe('间断');
  });
  it('a multi-choice toggles, and 无症状 excludes every symptom both ways', () => {
    expect(tappedOption(multi, undefined, '头痛头晕')).toEqual(['头痛头晕']);
    expect(tappedOption(multi, ['头痛头晕'], '心悸胸闷')).toEqual(['头痛头晕', '心悸胸闷']);
    expect(tappedOption(multi, ['头痛头晕', '心悸胸闷'], '头痛头晕')).toEqual(['心悸胸闷']);
    expect(tappedOption(multi, ['头痛头晕', '心悸胸闷'], '无症状')).toEqual(['无症状']);
    expect(tappedOption(multi, ['无症状'], '多饮')).toEqual(['多饮']);
  });
});
