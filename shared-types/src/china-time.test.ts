import { toChinaIso } from './china-time';

describe('toChinaIso', () => {
  it('writes China wall-clock time with +08:00, across the UTC date line', () => {
    const t = new Date('2026-11-22T17:30:05.123Z');
    expect(toChinaIso(t)).toBe('2026-11-23T01:30:05.123+08:00');
    expect(toChinaIso(t, 's')).toBe('2026-11-23T01:30:05+08:00');
    expect(toChinaIso(t.getTime(), 's')).toBe('2026-11-23T01:30:05+08:00');
    expect(new Date(toChinaIso(t)).getTime()).toBe(t.getTime());
  });
});
