import { flagFromRange, isCriticalFlag } from './report-constants';

describe('flagFromRange (a flag when the laboratory sent none)', () => {
  it.each([
    ['5.62', '3.50–5.30', 'high'],
    ['3.49', '3.50–5.30', 'low'],
    ['3.50', '3.50–5.30', 'normal'],
    ['5.30', '3.50-5.30', 'normal'],
    ['130', '135~145', 'low'],
    ['5.21', '<5.20', 'high'],
    ['5.20', '<5.20', 'high'],
    ['5.20', '≤5.20', 'normal'],
    ['0.98', '>1.04', 'low'],
    ['1.04', '≥1.04', 'normal'],
    ['阴性', '阴性', 'normal'],
    ['+', '阴性', 'abnormal'],
  ] as const)('%s against %s is %s', (value, range, flag) => {
    expect(flagFromRange(value, range)).toBe(flag);
  });

  it('does not guess when the range or the value cannot be read', () => {
    expect(flagFromRange('5.6', '见备注')).toBeNull();
    expect(flagFromRange('偏高', '3.50–5.30')).toBeNull();
    expect(flagFromRange('5.6', '')).toBeNull();
    expect(flagFromRange('5.6', '4')).toBeNull();
  });

  it('never makes a 危急值 (critical limits are not on the report)', () => {
    expect(isCriticalFlag(flagFromRange('40.0', '3.9–6.1') ?? 'normal')).toBe(false);
    expect(flagFromRange('40.0', '3.9–6.1')).toBe('high');
  });
});
