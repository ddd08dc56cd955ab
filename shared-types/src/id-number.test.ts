import { ageOn, maskIdNumber, maskPhone, parseIdNumber } from './id-number';
import { CreateMemberRequest, RealNameRequest } from './profile';

describe('GB 11643 identity numbers', () => {
  it.each([
    ['11010519491231002X', 'female', '1949-12-31'],
    ['440524188001010014', 'male', '1880-01-01'],
    ['11010219840406970X', 'female', '1984-04-06'],
    ['110101199003077838', 'male', '1990-03-07'],
    ['310101198511170038', 'male', '1985-11-17'],
  ])('accepts %s and derives sex and birth date', (id, sex, birth) => {
    const r = parseIdNumber(id, '2026-11-22');
    expect(r).toEqual({ ok: true, value: { idNumber: id, sex, birthDate: birth, areaCode: id.slice(0, 6) } });
  });

  it.each(['110105194912310021', '11010219840506970X', '440524189001010014'])('rejects %s for its check digit', (id) => {
    expect(parseIdNumber(id, '2026-11-22')).toEqual({ ok: false, problem: 'checkDigit' });
  });

  it('accepts a lower-case x and stores it upper-case', () => {
    const r = parseIdNumber('11010519491231002x', '2026-11-22');
    expect(r.ok && r.value.idNumber).toBe('11010519491231002X');
  });

  it('rejects impossible and future birth dates and wrong lengths', () => {
    // 2023-02-30 with a correct check digit for its first 17 digits
    const first = '11010120230230001';
    const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const check = '10X98765432'[[...first].reduce((s, c, i) => s + Number(c) * w[i], 0) % 11];
    expect(parseIdNumber(first + check, '2026-11-22')).toEqual({ ok: false, problem: 'birthDate' });
    const future = '11010120301201001';
    const fcheck = '10X98765432'[[...future].reduce((s, c, i) => s + Number(c) * w[i], 0) % 11];
    expect(parseIdNumber(future + fcheck, '2026-11-22')).toEqual({ ok: false, problem: 'futureBirthDate' });
    expect(parseIdNumber('1101051949123100', '2026-11-22')).toEqual({ ok: false, problem: 'length' });
    expect(parseIdNumber('11010519491231002Y', '2026-11-22')).toEqual({ ok: false, problem: 'format' });
  });

  it('masks phones and ID numbers as residents expect', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskIdNumber('11010519491231002X')).toBe('110***********002X');
  });

  it('counts full years of age', () => {
    expect(ageOn('2012-11-23', '2026-11-22')).toBe(13);
    expect(ageOn('2012-11-22', '2026-11-22')).toBe(14);
  });
});

describe('request schemas', () => {
  it('names the exact ID problem for a resident', () => {
    const r = RealNameRequest.safeParse({ name: '张伟', idNumber: '110105194912310021', phoneCode: 'x' });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0].message).toBe('身份证号码校验位不正确，请逐位核对');
  });

  it('accepts a child by birth date and sex, and refuses unknown fields', () => {
    expect(CreateMemberRequest.safeParse({ name: '张小宝', relation: 'child', birthDate: '2025-09-01', sex: 'male' }).success).toBe(true);
    expect(CreateMemberRequest.safeParse({ name: '张小宝', relation: 'self', birthDate: '2025-09-01', sex: 'male' }).success).toBe(false);
    expect(CreateMemberRequest.safeParse({ name: '张小宝', relation: 'child', birthDate: '2025-09-01', sex: 'male', admin: true }).success).toBe(false);
  });
});
