import { startStack, type Stack } from '../../../test/harness';
import { worldOf } from '../../../sandbox/seed/world';
import { bigramTokens } from './doctor-index';

jest.setTimeout(60_000);

let s: Stack;
beforeAll(async () => {
  s = await startStack({});
});
afterAll(() => s.close());

const search = (q: string, hospitalId?: string) => s.api('GET', `/api/v1/booking/search?q=${encodeURIComponent(q)}${hospitalId ? `&hospitalId=${hospitalId}` : ''}`);
const ids = (r: { body: { doctors: Array<{ id: string }> } }) => r.body.doctors.map((d) => d.id);

describe('doctor search by what they treat (full-text index)', () => {
  it('finds the doctor whose profile says 擅长高血压, and every doctor it returns says so', async () => {
    const r = await search('高血压');
    expect(r.status).toBe(200);
    expect(ids(r)).toContain('D-FD-001');
    for (const d of r.body.doctors as Array<{ specialty: string; intro: string; name: string; departmentName: string }>) {
      expect(`${d.name} ${d.departmentName} ${d.specialty} ${d.intro}`).toContain('高血压');
    }
    // Agrees with the HIS's own data: every doctor whose specialty names 高血压 is found.
    const w = worldOf(s.sandbox.context);
    const expected = [...w.doctors.values()]
      .filter((d) => d.specialty.includes('高血压'))
      .map((d) => d.id)
      .sort();
    expect(expected.length).toBeGreaterThan(1);
    expect(ids(r).sort()).toEqual(expect.arrayContaining(expected));
  });

  it('matches two-character and one-character terms, a hospital filter, and nothing for a term nobody has', async () => {
    const two = await search('糖尿');
    expect(two.body.doctors.length).toBeGreaterThan(0);
    expect(two.body.doctors.every((d: { specialty: string; intro: string }) => `${d.specialty}${d.intro}`.includes('糖尿'))).toBe(true);
    const h3 = await search('高血压', 'H003');
    expect(h3.body.doctors.length).toBeGreaterThan(0);
    expect(h3.body.doctors.every((d: { hospitalId: string }) => d.hospitalId === 'H003')).toBe(true);
    expect((await search('李明')).body.doctors.map((d: { id: string }) => d.id)).toContain('D-FD-001');
    expect((await search('量子纠缠')).body.doctors).toEqual([]);
    // Wildcards are text, not patterns.
    expect((await search('%')).body.doctors).toEqual([]);
    expect((await search('_')).body.doctors).toEqual([]);
  });

  it('keeps the index in step with the HIS: a changed profile is found by its new words, and not by its old ones', async () => {
    const w = worldOf(s.sandbox.context);
    const d = w.doctors.get('D-FD-001')!;
    const before = d.specialty;
    d.specialty = `${before}，睡眠呼吸暂停筛查`;
    try {
      expect(ids(await search('睡眠呼吸暂停筛查'))).not.toContain('D-FD-001');
      // The HIS's doctor lists are cached for a minute; the sync reads them afresh.
      s.bff.services.upstream.his.invalidate(`/departments/${d.departmentId}/doctors`);
      await s.bff.services.doctorIndex.sync();
      expect(ids(await search('睡眠呼吸暂停筛查'))).toContain('D-FD-001');
    } finally {
      d.specialty = before;
    }
  });

  it('tokenises as the ngram parser does (bigrams), in a form the default parser keeps', () => {
    expect(bigramTokens('擅长高血压')).toBe('擅长_ 长高_ 高血_ 血压_');
    expect(bigramTokens('2型糖尿病')).toBe('2型_ 型糖_ 糖尿_ 尿病_');
    expect(bigramTokens('高')).toBe('');
  });
});
