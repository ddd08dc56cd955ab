import { startStack, type Stack } from '../../../test/harness';
import { BODY_PARTS, TRIAGE_SOURCES } from './triage-data';

jest.setTimeout(60_000);

let s: Stack;
beforeAll(async () => {
  s = await startStack({});
});
afterAll(() => s.close());

const advice = (q: string) => s.api('GET', `/api/v1/booking/triage/advice?${q}`);

describe('智能导诊 data', () => {
  it('every symptom line names a department and a source that exists', () => {
    const ids = new Set<string>(TRIAGE_SOURCES.map((x) => x.id));
    for (const p of BODY_PARTS) {
      for (const line of p.symptoms) {
        expect(line.departments.length).toBeGreaterThan(0);
        expect(line.sources.length).toBeGreaterThan(0);
        for (const src of line.sources) expect(ids.has(src)).toBe(true);
      }
    }
  });
});

describe('智能导诊 API', () => {
  it('lists body parts and symptoms with red flags, the notice, 120 and the sources', async () => {
    const r = await s.api('GET', '/api/v1/booking/triage');
    expect(r.status).toBe(200);
    expect(r.body.emergency.phone).toBe('120');
    expect(r.body.notice).toContain('不能代替医生诊断');
    const chest = r.body.bodyParts.find((p: { id: string }) => p.id === 'chest');
    expect(chest.symptoms.find((x: { id: string }) => x.id === 'chest-pain-severe').redFlag).toBe(true);
    expect(r.body.sources.every((x: { url: string }) => /^https?:\/\//.test(x.url))).toBe(true);
  });

  it("leads a symptom to the hospital's department, with where it is", async () => {
    const r = await advice('symptoms=tooth-caries&hospitalId=H001');
    expect(r.status).toBe(200);
    expect(r.body.emergency).toBe(false);
    expect(r.body.suggestions[0]).toMatchObject({ department: '口腔科', sourceIds: ['ah-wjw'] });
    expect(r.body.suggestions[0].departments[0]).toMatchObject({ name: '口腔科', location: expect.any(String) });
  });

  it('puts 急诊/120 first for a red flag, chosen or described, ahead of any department', async () => {
    const chosen = await advice('symptoms=cough-fever,chest-pain-severe');
    expect(chosen.body.emergency).toBe(true);
    expect(chosen.body.emergencyText).toContain('120');
    expect(chosen.body.suggestions[0].department).toBe('心血管内科');
    const typed = await advice(`text=${encodeURIComponent('突然剧烈胸痛，一直出汗')}`);
    expect(typed.body.emergency).toBe(true);
    expect(typed.body.matched.map((m: { id: string }) => m.id)).toContain('chest-pain-severe');
    const mild = await advice(`text=${encodeURIComponent('这两天咳嗽咳痰')}`);
    expect(mild.body.emergency).toBe(false);
    expect(mild.body.suggestions.map((x: { department: string }) => x.department)).toEqual(['呼吸内科']);
  });

  it('says so when nothing matches, and refuses unknown symptoms and bad input with 400', async () => {
    const none = await advice(`text=${encodeURIComponent('说不清楚')}`);
    expect(none.status).toBe(200);
    expect(none.body.suggestions).toEqual([]);
    expect(none.body.notice).toContain('导诊台');
    expect((await advice('symptoms=nope')).status).toBe(400);
    expect((await advice('symptoms=../x')).status).toBe(400);
    expect((await advice('')).status).toBe(400);
    expect((await advice(`text=${'痛'.repeat(101)}`)).status).toBe(400);
    expect((await advice('symptoms=urine&hospitalId=H999')).status).toBe(404);
  });
});
