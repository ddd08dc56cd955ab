import { CONSENT_TEXTS, chinaToday } from '@healthpocket/shared-types';
import { AuditLog } from '../../db/entities';
import { randomIdNumber, startStack, type Stack } from '../../../test/harness';
import { operatorToken } from './test-helpers';
import { yearsBefore } from './time';

let s: Stack;
let op: string;
beforeAll(async () => {
  s = await startStack();
  op = await operatorToken(s);
});
afterAll(() => s.close());

const preview = async (segment: object) => {
  const r = await s.api('POST', '/api/v1/console/content/segments/preview', { token: op, body: { segment } });
  if (r.status !== 200) throw new Error(`${r.status} ${JSON.stringify(r.body)}`);
  return r.body as { count: number; excludedWithoutConsent: number; description: string };
};
const consent = (token: string) => s.api('POST', '/api/v1/me/consents', { token, body: { kind: 'health_data', textVersion: CONSENT_TEXTS.health_data.version } });
const addChild = (token: string, birthDate: string) =>
  s.api('POST', '/api/v1/family/members', { token, body: { name: '张小宝', relation: 'child', birthDate, sex: 'male', guardianConsentVersion: CONSENT_TEXTS.guardian.version } });

describe('segments', () => {
  it('age bands count by the real-name birth date, birthdays included on the day', async () => {
    const today = chinaToday();
    const seventyToday = yearsBefore(today, 70);
    const [y, m, d] = seventyToday.split('-');
    await s.resident({ idNumber: randomIdNumber(`${y}${m}${d}`) }); // 70 today
    const tomorrow = new Date(Date.parse(`${seventyToday}T00:00:00Z`) + 86400_000).toISOString().slice(0, 10).replace(/-/g, '');
    await s.resident({ idNumber: randomIdNumber(tomorrow) }); // 69 until tomorrow
    await s.login(); // not real-name verified: no age, in no band
    expect((await preview({ kind: 'age_band', minAge: 70, maxAge: 70 })).count).toBe(1);
    expect((await preview({ kind: 'age_band', minAge: 69, maxAge: 69 })).count).toBe(1);
    expect((await preview({ kind: 'age_band', minAge: 69, maxAge: 70 })).count).toBe(2);
    const bad = await s.api('POST', '/api/v1/console/content/segments/preview', { token: op, body: { segment: { kind: 'age_band', minAge: 80, maxAge: 60 } } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe('最小年龄不能大于最大年龄');
  });

  it('families with children under 6: a child who turns 6 today no longer counts, a removed child never does', async () => {
    const base = (await preview({ kind: 'children_under_6' })).count;
    const young = await s.resident();
    await addChild(young.token, yearsBefore(chinaToday(), 2));
    const six = await s.resident();
    await addChild(six.token, yearsBefore(chinaToday(), 6));
    const removed = await s.resident();
    const child = await addChild(removed.token, yearsBefore(chinaToday(), 1));
    await s.api('DELETE', `/api/v1/family/members/${child.body.id}`, { token: removed.token });
    expect((await preview({ kind: 'children_under_6' })).count).toBe(base + 1);
  });

  it('hypertension or diabetes on the platform record of the resident or a family member, with health-data consent only', async () => {
    // 王秀英 has I10 + E11 on the platform; 周磊 has I10 only.
    const son = await s.resident();
    await s.api('POST', '/api/v1/family/members', { token: son.token, body: { name: '王秀英', relation: 'parent', idNumber: '11010519491231002X' } });
    const zhou = await s.resident({ name: '周磊', idNumber: '310101198511170038' });
    const healthy = await s.resident();
    await consent(healthy.token);

    const withoutConsent = await preview({ kind: 'chronic', conditions: ['I10'] });
    expect(withoutConsent.count).toBe(0);
    expect(withoutConsent.excludedWithoutConsent).toBeGreaterThanOrEqual(2);

    await consent(son.token);
    await consent(zhou.token);
    expect((await preview({ kind: 'chronic', conditions: ['I10'] })).count).toBe(2);
    expect((await preview({ kind: 'chronic', conditions: ['E11'] })).count).toBe(1);
    const both = await preview({ kind: 'chronic', conditions: ['I10', 'E11'] });
    expect(both.count).toBe(2);
    expect(both.description).toBe('本人或家庭成员档案中有高血压或2型糖尿病的居民');

    await s.api('DELETE', '/api/v1/me/consents/health_data', { token: zhou.token });
    expect((await preview({ kind: 'chronic', conditions: ['I10'] })).count).toBe(1);

    const audits = await s.bff.services.ds.getRepository(AuditLog).findBy({ action: 'content.segment.evaluate' });
    expect(audits.length).toBeGreaterThanOrEqual(5);
    expect(JSON.stringify(audits.map((a) => a.detail))).not.toMatch(/11010519491231002X|310101198511170038/);
  });

  it('counts a child with a dose coming due through the real schedule engine, and not a family without one', async () => {
    const before = (await preview({ kind: 'vaccine_due', withinDays: 14 })).count;
    // Seven weeks old: IPV and DTaP dose 1 fall due at two months, within 14 days.
    const parent = await s.resident();
    await consent(parent.token);
    const birth = new Date(Date.now() + 8 * 3600_000 - 49 * 86400_000).toISOString().slice(0, 10);
    expect((await addChild(parent.token, birth)).status).toBe(201);
    const adultsOnly = await s.resident();
    await consent(adultsOnly.token);
    const after = (await preview({ kind: 'vaccine_due', withinDays: 14 })).count;
    expect(after).toBe(before + 1);
  });

  it('children with a vaccine due: unavailable until the vaccines service answers, then counted through it', async () => {
    s.bff.services.content.segments.useVaccines(undefined);
    const r = await s.api('POST', '/api/v1/console/content/segments/preview', { token: op, body: { segment: { kind: 'vaccine_due', withinDays: 14 } } });
    expect(r.status).toBe(503);
    expect(r.body.error.code).toBe('SEGMENT_UNAVAILABLE');

    const parent = await s.resident();
    await consent(parent.token);
    await addChild(parent.token, yearsBefore(chinaToday(), 1));
    // A stub vaccines port shows the segment asks it with the requested window (the real engine is tested above).
    const asked: number[] = [];
    s.bff.services.content.segments.useVaccines({ dueWithin: async (_m, days) => (asked.push(days), [{ vaccine: 'MMR' }]) });
    const ok = await preview({ kind: 'vaccine_due', withinDays: 14 });
    expect(ok.count).toBeGreaterThanOrEqual(1);
    expect(asked.every((d) => d === 14)).toBe(true);
  });
});
