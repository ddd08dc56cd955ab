import { randomUUID } from 'node:crypto';
import { startStack, type Stack } from '../../../test/harness';
import { RN, grantHealthConsent, staff, zhangFamily, type ZhangFamily } from './test-family';

/**
 * Who may read which record (policies/index.ts, 'record.read'): every role against every kind of
 * reference. A refusal is always the same 404, whether or not the record exists.
 */
let s: Stack;
let zw: ZhangFamily;
const actors: Record<string, string> = {};
let strangerSelf = ''; // a third resident's own member
beforeAll(async () => {
  s = await startStack();
  zw = await zhangFamily(s);
  actors.zhangWei = zw.token;
  const stranger = await s.resident();
  await grantHealthConsent(s, stranger.token);
  actors.stranger = stranger.token;
  const other = await s.resident();
  strangerSelf = (await s.api('GET', '/api/v1/family/members', { token: other.token })).body.items[0].id;
  actors.doctorT001 = (await staff(s, ['doctor'], 'D-FD-001')).token;
  actors.nurseT001 = (await staff(s, ['doctor'], 'N-FD-001')).token;
  actors.doctorT002 = (await staff(s, ['doctor'], 'D-FD-002')).token;
  actors.doctorWithoutId = (await staff(s, ['doctor'])).token;
  actors.operator = (await staff(s, ['operator'])).token;
  actors.admin = (await staff(s, ['admin'])).token;
}, 60_000);
afterAll(() => s.close());

const RESOURCE_NAMES = [
  'own record (member id)',
  "mother's record (member id)",
  "son's record (member id, no ID card)",
  "daughter's record (member id, no ID card)",
  'someone else’s member id',
  'a member id that does not exist',
  '张伟 by record number (T001)',
  '王秀英 by record number (T001)',
  '周磊 by record number (no contract)',
  '孙悦 by record number (T002)',
  'a record number that does not exist',
] as const;
const resources = (): Record<(typeof RESOURCE_NAMES)[number], string> => ({
  'own record (member id)': zw.self,
  "mother's record (member id)": zw.mother,
  "son's record (member id, no ID card)": zw.son,
  "daughter's record (member id, no ID card)": zw.daughter,
  'someone else’s member id': strangerSelf,
  'a member id that does not exist': randomUUID(),
  '张伟 by record number (T001)': RN.zhangWei,
  '王秀英 by record number (T001)': RN.mother,
  '周磊 by record number (no contract)': RN.zhouLei,
  '孙悦 by record number (T002)': RN.sunYue,
  'a record number that does not exist': RN.missing,
});
type Resource = keyof ReturnType<typeof resources>;

const allowed: Record<string, Resource[]> = {
  zhangWei: ['own record (member id)', "mother's record (member id)", "son's record (member id, no ID card)", "daughter's record (member id, no ID card)"],
  stranger: [],
  doctorT001: ['张伟 by record number (T001)', '王秀英 by record number (T001)'],
  nurseT001: ['张伟 by record number (T001)', '王秀英 by record number (T001)'],
  doctorT002: ['孙悦 by record number (T002)'],
  doctorWithoutId: [],
  operator: [],
  admin: [],
};

describe('record.read policy matrix', () => {
  const cases: Array<[string, Resource]> = [];
  for (const actor of Object.keys(allowed)) for (const resource of RESOURCE_NAMES) cases.push([actor, resource]);

  it.each(cases)('%s → %s', async (actor, resource) => {
    const ref = resources()[resource];
    const res = await s.api('GET', `/api/v1/records/${ref}`, { token: actors[actor] });
    if (allowed[actor].includes(resource)) {
      expect(res.status).toBe(200);
      expect(res.body.basic.recordNumber).toMatch(/^\d{17}$/);
      expect(res.body.access).toBe(actor === 'zhangWei' ? (resource.startsWith('own') ? 'self' : 'family') : 'contract');
    } else {
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('NOT_FOUND');
      // Same answer for "exists but not yours" and "does not exist".
      expect(res.body.error.message).toBe('没有找到相关信息');
    }
  });

  it('applies the same policy to every section route', async () => {
    const sections = ['followups', 'checkups', 'visits', 'reports', 'immunizations', 'trend?metric=bp', 'summary'];
    for (const section of sections) {
      expect((await s.api('GET', `/api/v1/records/${RN.mother}/${section}`, { token: actors.doctorT001 })).status).toBe(200);
      expect((await s.api('GET', `/api/v1/records/${RN.mother}/${section}`, { token: actors.doctorT002 })).status).toBe(404);
      expect((await s.api('GET', `/api/v1/records/${zw.mother}/${section}`, { token: actors.operator })).status).toBe(404);
    }
    const reveal = await s.api('POST', `/api/v1/records/${RN.mother}/reveal`, { token: actors.stranger, body: { field: 'phone' } });
    expect(reveal.status).toBe(404);
  });

  it('needs a login', async () => {
    const res = await s.api('GET', `/api/v1/records/${zw.mother}`);
    expect(res.status).toBe(401);
  });

  it('refuses a malformed reference as bad input, not a 500', async () => {
    const res = await s.api('GET', `/api/v1/records/${encodeURIComponent("1' OR 1=1")}`, { token: actors.zhangWei });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
  });

  it('gives the doctor a summary of a contracted resident, and lets 张伟 see that read in his audit list', async () => {
    const res = await s.api('GET', `/api/v1/records/${RN.zhangWei}/summary`, { token: actors.doctorT001 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ recordNumber: RN.zhangWei, name: '张伟', allergies: ['青霉素'], stale: false });
    const audit = await s.api('GET', `/api/v1/records/${zw.self}/audit`, { token: zw.token });
    expect(audit.body.items.some((x: any) => x.viewerRole === '家庭医生' && x.sections.includes('档案摘要'))).toBe(true);
    // The doctor reads by contract, not as a family member: no audit list of someone else's record.
    expect((await s.api('GET', `/api/v1/records/${RN.zhangWei}/audit`, { token: actors.doctorT001 })).status).toBe(403);
  });
});
