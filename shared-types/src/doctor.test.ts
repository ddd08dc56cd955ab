import { classifyReading, type ReadingCategory } from './doctor';

/**
 * The thresholds of shared/domain/health-rules.md as a table. Home readings are labelled by the
 * home threshold (≥135/85), clinic ones by 140/90 (65+: 150/90); the referral threshold is the
 * same everywhere (≥180 and/or ≥110). Each row: setting, age, diabetic, values → category.
 */
describe('blood pressure', () => {
  const rows: Array<[setting: 'home' | 'clinic', age: number, sbp: number, dbp: number, pulse: number | undefined, diabetic: boolean, expected: ReadingCategory]> = [
    ['home', 50, 120, 80, undefined, false, 'normal'],
    ['home', 50, 134, 84, undefined, false, 'normal'],
    ['home', 50, 135, 70, undefined, false, 'uncontrolled'],
    ['home', 50, 120, 85, undefined, false, 'uncontrolled'],
    ['home', 70, 138, 80, undefined, false, 'uncontrolled'], // home threshold does not relax at 65+
    ['home', 50, 179, 109, undefined, false, 'uncontrolled'],
    ['home', 50, 180, 80, undefined, false, 'urgent'],
    ['home', 50, 120, 110, undefined, false, 'urgent'],
    ['home', 50, 200, 120, undefined, false, 'urgent'],
    ['clinic', 50, 138, 88, undefined, false, 'normal'],
    ['clinic', 50, 140, 80, undefined, false, 'uncontrolled'],
    ['clinic', 50, 130, 90, undefined, false, 'uncontrolled'],
    ['clinic', 64, 145, 80, undefined, false, 'uncontrolled'],
    ['clinic', 65, 145, 80, undefined, false, 'normal'], // 65+: target < 150/90
    ['clinic', 65, 150, 80, undefined, false, 'uncontrolled'],
    ['clinic', 65, 140, 90, undefined, false, 'uncontrolled'],
    ['clinic', 65, 180, 90, undefined, false, 'urgent'],
    ['home', 60, 125, 80, 101, true, 'urgent'], // diabetes referral: heart rate > 100
    ['home', 60, 125, 80, 100, true, 'normal'],
    ['home', 60, 125, 80, 120, false, 'normal'], // a fast pulse alone is not a BP referral
  ];
  it.each(rows)('%s, age %i: %i/%i pulse %p diabetic %p → %s', (setting, age, systolic, diastolic, pulse, diabetic, expected) => {
    const c = classifyReading({ kind: 'bp', values: { systolic, diastolic, ...(pulse !== undefined ? { pulse } : {}) } }, { setting, age, diabetic });
    expect(c.category).toBe(expected);
    expect(c.reason === null).toBe(expected === 'normal');
  });
});

describe('glucose', () => {
  const rows: Array<[mmol: number, context: 'fasting' | 'postprandial' | 'random', expected: ReadingCategory]> = [
    [5.6, 'fasting', 'normal'],
    [6.9, 'fasting', 'normal'],
    [7.0, 'fasting', 'uncontrolled'],
    [9.5, 'fasting', 'uncontrolled'],
    [9.5, 'postprandial', 'normal'], // "uncontrolled" is defined for fasting glucose only
    [16.6, 'random', 'normal'],
    [16.7, 'random', 'urgent'],
    [16.7, 'fasting', 'urgent'],
    [3.9, 'fasting', 'urgent'],
    [4.0, 'fasting', 'normal'],
    [2.8, 'postprandial', 'urgent'],
  ];
  it.each(rows)('%f mmol/L %s → %s', (mmol, context, expected) => {
    expect(classifyReading({ kind: 'glucose', values: { mmol, context } }).category).toBe(expected);
  });

  it('says why in Chinese', () => {
    expect(classifyReading({ kind: 'glucose', values: { mmol: 17.2, context: 'random' } }).reason).toBe('血糖 17.2 mmol/L 达到紧急转诊标准（≥16.7）');
    expect(classifyReading({ kind: 'bp', values: { systolic: 182, diastolic: 96 } }).reason).toBe('血压 182/96 mmHg 达到紧急转诊标准（≥180/110）');
    expect(classifyReading({ kind: 'bp', values: { systolic: 138, diastolic: 80 } }).reason).toBe('家庭自测血压 138/80 mmHg 未达标（目标 <135/85）');
  });
});
