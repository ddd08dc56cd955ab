import { chinaToday } from '@healthpocket/shared-types';
import { createSandbox } from '../server';
import { PERSONA_RESIDENTS as P } from '../seed/world';
import { baseBatches, CLINICS, sessionsOf, weekdayOf } from './catalogue';

let sbx: Awaited<ReturnType<ReturnType<typeof createSandbox>['listen']>>;
const get = async (p: string) => {
  const res = await fetch(sbx.url + p);
  return { status: res.status, body: (await res.json()) as any };
};
const post = async (p: string, body: unknown) => {
  const res = await fetch(sbx.url + p, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as any };
};

beforeAll(async () => {
  sbx = await createSandbox().listen(0);
});
afterAll(() => sbx.close());

describe('immunization histories', () => {
  it('张小宝 (14 months) has his doses up to 8 months and lacks MPSV-A dose 2', async () => {
    const { body } = await get(`/platform/residents/${P.son.recordNumber}/immunizations`);
    const codes = body.items.map((i: any) => `${i.vaccineCode}#${i.dose}`);
    expect(codes).toEqual(expect.arrayContaining(['HepB#3', 'BCG#1', 'bOPV#3', 'DTaP#3', 'MPSV-A#1', 'MMR#1', 'JE-L#1', 'PCV13#3']));
    expect(codes).not.toContain('MPSV-A#2');
    expect(body.immunizationCertNo).toMatch(/^110101\d{8}0105$/);
    // newest first, the shape the records service reads
    expect(body.items[0]).toMatchObject({ vaccineName: expect.any(String), site: expect.any(String), institution: expect.stringContaining('接种门诊'), batchNo: expect.any(String) });
    expect(body.items.map((i: any) => i.date)).toEqual([...body.items.map((i: any) => i.date)].sort().reverse());
  });

  it('张一诺 began under the old schedule: DTaP at 3/4/5/18 months, polio IPV + bOPV ×3', async () => {
    const { body } = await get(`/platform/residents/${P.daughter.recordNumber}/immunizations`);
    const dtap = body.items.filter((i: any) => i.vaccineCode === 'DTaP');
    expect(dtap).toHaveLength(4);
    const polio = body.items.filter((i: any) => ['IPV', 'bOPV'].includes(i.vaccineCode)).map((i: any) => `${i.vaccineCode}#${i.dose}`);
    expect(polio.sort()).toEqual(['IPV#1', 'bOPV#2', 'bOPV#3', 'bOPV#4']);
  });

  it('陈沐阳 (2 months) has the birth doses and HepB 2; an adult without history has none; a dose given is recorded', async () => {
    const baby = await get(`/platform/residents/${P.baby.recordNumber}/immunizations`);
    expect(baby.body.items.map((i: any) => i.vaccineCode).sort()).toEqual(['BCG', 'HepB', 'HepB']);
    expect((await get(`/platform/residents/${P.zhangWei.recordNumber}/immunizations`)).body.items).toEqual([]);
    expect((await get('/platform/residents/11010100100199999/immunizations')).status).toBe(404);
    const given = await post('/platform/sandbox/immunizations', { recordNumber: P.baby.recordNumber, code: 'IPV', clinicId: 'VC002', appointmentRef: 'A1' });
    expect(given.status).toBe(201);
    const after = await get(`/platform/residents/${P.baby.recordNumber}/immunizations`);
    expect(after.body.items[0]).toMatchObject({ vaccineCode: 'IPV', dose: 1, clinicId: 'VC002', appointmentRef: 'A1', date: chinaToday() });
    expect((await post('/platform/sandbox/immunizations', { recordNumber: P.baby.recordNumber, code: 'XYZ' })).status).toBe(400);
  });
});

describe('clinics, sessions and stock', () => {
  it('lists three clinics; a children clinic has Tuesday and Thursday morning sessions for 14 days', async () => {
    const clinics = await get('/platform/vaccination/clinics');
    expect(clinics.body.items.map((c: any) => c.id)).toEqual(['VC001', 'VC002', 'VC003']);
    const s = await get('/platform/vaccination/clinics/VC001/sessions');
    expect(s.body.items.length).toBe(4);
    for (const x of s.body.items) {
      expect([2, 4]).toContain(weekdayOf(x.date));
      expect(x.period).toBe('am');
      expect(x.start).toBe(`${x.date}T08:00:00+08:00`);
      expect(x.quotas).toEqual(expect.arrayContaining([{ vaccineCode: 'MPSV-A', capacity: 20 }]));
    }
    expect((await get('/platform/vaccination/clinics/VC999/sessions')).status).toBe(404);
    expect((await get('/platform/vaccination/clinics/VC001/sessions?from=2026-13-01')).status).toBe(400);
  });

  it('publishes the weekly HPV9 release on Tuesdays at 10:00 and accepts a new batch', async () => {
    const today = chinaToday();
    const hpv9 = baseBatches(today).filter((b) => b.productId === 'P-HPV9');
    expect(hpv9.every((b) => b.releaseAt.endsWith('T10:00:00+08:00') && weekdayOf(b.releaseAt.slice(0, 10)) === 2)).toBe(true);
    const added = await post('/platform/vaccination/sandbox/batches', { clinicId: 'VC003', productId: 'P-HPV9', quantity: 100 });
    expect(added.status).toBe(201);
    const products = await get('/platform/vaccination/products');
    expect(products.body.items.find((p: any) => p.id === 'P-HPV9').batches).toContainEqual(added.body);
    expect((await post('/platform/vaccination/sandbox/batches', { clinicId: 'VC003', productId: 'P-HPV9', quantity: 0 })).status).toBe(400);
  });

  it('session ids depend only on clinic, date and period', () => {
    const a = sessionsOf(CLINICS[2], '2026-11-23', '2026-11-24');
    expect(a.map((s) => s.id)).toEqual(['VC003-20261123-am', 'VC003-20261123-pm', 'VC003-20261124-am', 'VC003-20261124-pm']);
  });
});
