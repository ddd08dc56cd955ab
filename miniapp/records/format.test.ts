import { bloodTypeText } from './format';

describe('bloodTypeText', () => {
  it('names ABO and Rh when both are known', () => {
    expect(bloodTypeText({ aboLabel: 'AB', rh: 'negative', rhLabel: 'Rh阴性' })).toBe('AB型 Rh阴性');
  });
  it('leaves out an unknown half instead of printing 不详', () => {
    expect(bloodTypeText({ aboLabel: 'A', rh: 'unknown', rhLabel: 'Rh不详' })).toBe('A型');
    expect(bloodTypeText({ aboLabel: '不详', rh: 'positive', rhLabel: 'Rh阳性' })).toBe('Rh阳性');
  });
  it('says 血型不详 once when nothing is known', () => {
    expect(bloodTypeText({ aboLabel: '不详', rh: 'unknown', rhLabel: 'Rh不详' })).toBe('血型不详');
  });
});
