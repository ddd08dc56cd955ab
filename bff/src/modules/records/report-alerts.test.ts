import { startStack, type Stack } from '../../../test/harness';
import { User } from '../../db/entities';
import { recordsAccountData } from './account-data';
import { ReportAlert, ReportOpen } from './entities';
import type { ReportNotices } from './ports';
import type { ReportAlerts } from './report-alerts';
import { RN, adultApproves, grantHealthConsent, zhangFamily, type ZhangFamily } from './test-family';

type Note = Parameters<ReportNotices['post']>[1] & { userId: string };

let s: Stack;
let zw: ZhangFamily;
let zwOpenid: string;
let grantId: string;
const notes: Note[] = [];
let alerts: ReportAlerts;
const TEMPLATE = 'sbx_tmpl_report_ready';

beforeAll(async () => {
  s = await startStack();
  zw = await zhangFamily(s, { motherGrant: false });
  grantId = (await adultApproves(s, zw.token, zw.mother, zw.motherAccount, ['health'])).requestId;
  zwOpenid = (await s.bff.services.ds.getRepository(User).findOneByOrFail({ id: zw.userId })).openid;
  await s.sbx('POST', '/wechat/sandbox/subscriptions', { body: { openid: zwOpenid, templateIds: [TEMPLATE], count: 20 } });
  // One member a page: the tests below need members on different pages to be told.
  alerts = s.bff.services.reportAlerts.withNotices({ post: async (userId, note) => void notes.push({ userId, ...note }) }, { pageSize: 1 });
});
afterAll(() => s.close());

/** The sandbox LIS registers 急诊生化 for a resident; publish() makes it 已出报告. */
async function order(recordNumber: string) {
  const res = await s.sbx('POST', `/platform/sandbox/residents/${recordNumber}/reports`);
  expect(res.status).toBe(201);
  const id = res.body.id as string;
  return { id, publish: async () => expect((await s.sbx('POST', `/platform/sandbox/reports/${id}/publish`)).body).toMatchObject({ id, status: 'final' }) };
}
const sentAbout = async (reportTitle = '急诊生化') =>
  ((await s.sbx('GET', `/wechat/sandbox/sent?touser=${zwOpenid}`)).body.items as Array<{ template_id: string; page: string; data: Record<string, { value: string }> }>).filter(
    (m) => m.template_id === TEMPLATE && m.data.thing1.value === reportTitle,
  );
const notesFor = (reportId: string) => notes.filter((n) => n.dedupeKey.endsWith(`:${reportId}`));

describe('报告已出 alerts', () => {
  it('tells the resident once when their own report is published: a subscribe message without values and one notice', async () => {
    const r = await order(RN.zhangWei);
    await alerts.runOnce();
    expect(notesFor(r.id)).toHaveLength(0); // registered: nothing to tell yet
    await r.publish();
    await alerts.runOnce();
    const sent = await sentAbout();
    expect(sent).toHaveLength(1);
    expect(sent[0].page).toBe(`/records/pages/report/index?member=${zw.self}&id=${r.id}`);
    expect(sent[0].data.name2.value).toBe('张伟');
    expect(sent[0].data.time3.value).toMatch(/^\d{4}年\d{2}月\d{2}日 \d{2}:\d{2}$/);
    // Privacy: the message names the report, never a value or a flag.
    const text = JSON.stringify(sent[0].data);
    for (const value of ['17.4', '5.62', '危急', '偏高', '异常']) expect(text).not.toContain(value);
    expect(notesFor(r.id)).toEqual([
      {
        userId: zw.userId,
        category: 'report',
        title: '急诊生化报告已出',
        body: '您的急诊生化（东华街道社区卫生服务中心）已出报告，请点击查看。',
        link: sent[0].page,
        memberId: zw.self,
        dedupeKey: `report-ready:${zw.userId}:${zw.self}:${r.id}`,
      },
    ]);
    for (const v of ['17.4', '5.62']) expect(JSON.stringify(notesFor(r.id))).not.toContain(v);

    // A retry, a second run, a second instance: still one message and one notice.
    await Promise.all([alerts.runOnce(), s.bff.services.reportAlerts.withNotices({ post: async (userId, note) => void notes.push({ userId, ...note }) }).runOnce()]);
    await alerts.runOnce();
    expect(await sentAbout()).toHaveLength(1);
    expect(notesFor(r.id)).toHaveLength(1);
    expect(await s.bff.services.ds.getRepository(ReportAlert).countBy({ reportId: r.id })).toBe(1);
  });

  it("a family member's report goes to the owner who holds the health scope, not to another user who listed her without it", async () => {
    // 张伟's sister also lists 王秀英, but 王秀英 never authorized her.
    const sister = await s.resident({ name: '张丽', phone: '13900139011' });
    const added = await s.api('POST', '/api/v1/family/members', { token: sister.token, body: { name: '王秀英', relation: 'parent', idNumber: '11010519491231002X' } });
    expect(added.status).toBe(201);
    await grantHealthConsent(s, sister.token);

    const r = await order(RN.mother);
    await r.publish();
    await alerts.runOnce();
    const told = notesFor(r.id);
    expect(told.map((n) => [n.userId, n.memberId])).toEqual([[zw.userId, zw.mother]]);
    expect(told[0].body).toBe('王秀英的急诊生化（东华街道社区卫生服务中心）已出报告，请点击查看。');
    const rows = await s.bff.services.ds.getRepository(ReportAlert).findBy({ reportId: r.id });
    expect(rows.map((x) => x.userId)).toEqual([zw.userId]);
  });

  it('after 王秀英 revokes the authorization, her next report is announced to nobody', async () => {
    const revoked = await s.api('POST', `/api/v1/me/access-requests/${grantId}/revoke`, { token: zw.motherAccount.token });
    expect(revoked.status).toBe(200);
    const r = await order(RN.mother);
    await r.publish();
    await alerts.runOnce();
    expect(notesFor(r.id)).toEqual([]);
    expect(await s.bff.services.ds.getRepository(ReportAlert).countBy({ reportId: r.id })).toBe(0);
  });
});

describe('报告已出 alerts when something fails', () => {
  it('no subscription left: the message is refused and not retried; a message centre that fails once gets the notice on the next run', async () => {
    const sun = await s.resident({ name: '孙悦', idNumber: '110105199504123420' });
    await grantHealthConsent(s, sun.token);
    const r = await order(RN.sunYue);
    await r.publish();
    let failOnce = true;
    const got: Note[] = [];
    const flaky = s.bff.services.reportAlerts.withNotices(
      {
        post: async (userId, note) => {
          if (failOnce) {
            failOnce = false;
            throw new Error('message centre down');
          }
          got.push({ userId, ...note });
        },
      },
      { pageSize: 2 },
    );
    await flaky.runOnce();
    const row = await s.bff.services.ds.getRepository(ReportAlert).findOneByOrFail({ reportId: r.id });
    expect(row).toMatchObject({ userId: sun.user.id, state: 'refused', noticePostedAt: null });
    expect(row.lastError).toMatch(/^43101/);
    expect(got).toEqual([]);
    await flaky.runOnce();
    await flaky.runOnce();
    expect(got.map((n) => [n.userId, n.dedupeKey])).toEqual([[sun.user.id, `report-ready:${sun.user.id}:${row.memberId}:${r.id}`]]);
    const after = await s.bff.services.ds.getRepository(ReportAlert).findOneByOrFail({ reportId: r.id });
    expect(after.state).toBe('refused');
    expect(after.noticePostedAt).not.toBeNull();
    const sent = (await s.sbx('GET', `/wechat/sandbox/sent?touser=${sun.openid}`)).body.items;
    expect(sent).toEqual([]);
  });
});

describe('the report page data', () => {
  it('marks each line by the laboratory flag or, when it sent none, by the range; counts agree; 新 until opened', async () => {
    const r = await order(RN.zhangWei);
    const pending = await s.api('GET', `/api/v1/records/${zw.self}/reports/${r.id}`, { token: zw.token });
    expect(pending.body).toMatchObject({ status: 'registered', reportedAt: null, items: [], abnormalCount: 0 });
    await r.publish();
    await alerts.runOnce();
    const list = await s.api('GET', `/api/v1/records/${zw.self}/reports`, { token: zw.token });
    const row = list.body.items.find((x: any) => x.id === r.id);
    expect(row).toMatchObject({ status: 'final', isNew: true, abnormalCount: 2, criticalCount: 1 });
    expect(list.body.subscribeTemplateIds).toEqual([TEMPLATE]);
    expect(list.body.items.filter((x: any) => x.isNew && x.id !== r.id).every((x: any) => x.title === '急诊生化')).toBe(true);

    const one = await s.api('GET', `/api/v1/records/${zw.self}/reports/${r.id}`, { token: zw.token });
    expect(one.status).toBe(200);
    expect(one.body.items).toEqual([
      { name: '空腹血糖(GLU)', value: '17.4', unit: 'mmol/L', referenceRange: '3.9–6.1', flag: 'critical_high', flagSource: 'report' },
      { name: '血钾(K)', value: '5.62', unit: 'mmol/L', referenceRange: '3.50–5.30', flag: 'high', flagSource: 'range' },
      { name: '谷丙转氨酶(ALT)', value: '23', unit: 'U/L', referenceRange: '9–50', flag: 'normal', flagSource: 'report' },
      { name: '血清肌酐(CREA)', value: '88', unit: 'μmol/L', referenceRange: '57–111', flag: 'normal', flagSource: 'report' },
    ]);
    expect(one.body).toMatchObject({ abnormalCount: 2, criticalCount: 1 });
    const again = await s.api('GET', `/api/v1/records/${zw.self}/reports`, { token: zw.token });
    expect(again.body.items.find((x: any) => x.id === r.id).isNew).toBe(false);
  });

  it("another user's report id is 404, through their member or through one's own", async () => {
    const r = await order(RN.zhangWei);
    await r.publish();
    const stranger = await s.resident({ name: '刘洋', phone: '13900139022' });
    const viaTheirs = await s.api('GET', `/api/v1/records/${zw.self}/reports/${r.id}`, { token: stranger.token });
    expect(viaTheirs.status).toBe(404);
    expect(viaTheirs.body.error.code).toBe('NOT_FOUND');
    await grantHealthConsent(s, stranger.token);
    const strangerSelf = (await s.api('GET', '/api/v1/family/members', { token: stranger.token })).body.items[0].id;
    const viaOwn = await s.api('GET', `/api/v1/records/${strangerSelf}/reports/${r.id}`, { token: stranger.token });
    expect(viaOwn.status).toBe(404);
    const traversal = await s.api('GET', `/api/v1/records/${zw.self}/reports/${encodeURIComponent('../contract')}`, { token: zw.token });
    expect(traversal.status).toBe(400);
    expect(traversal.body.error.code).toBe('MALFORMED_REQUEST');
  });
});

describe("the resident's rights", () => {
  it('exports the alerts and opened reports, and deletes them with the account', async () => {
    const data = recordsAccountData(s.bff.services.ds);
    const file = (await data.export!({ userId: zw.userId, memberIds: [] })) as { alerts: Array<Record<string, unknown>>; opened: Array<Record<string, unknown>> };
    expect(file.alerts.length).toBeGreaterThanOrEqual(2);
    expect(file.alerts.every((a) => a.state === 'sent' && typeof a.reportId === 'string' && !('key' in a))).toBe(true);
    expect(file.opened.length).toBeGreaterThanOrEqual(1);
    const others = await s.bff.services.ds.getRepository(ReportAlert).count();
    const mine = await s.bff.services.ds.getRepository(ReportAlert).countBy({ userId: zw.userId });
    await s.bff.services.ds.transaction((m) => data.erase!(m, { userId: zw.userId, memberIds: [], retentionId: 'r-1', now: new Date(), keptMemberIds: new Set() }));
    expect(await s.bff.services.ds.getRepository(ReportAlert).countBy({ userId: zw.userId })).toBe(0);
    expect(await s.bff.services.ds.getRepository(ReportOpen).countBy({ userId: zw.userId })).toBe(0);
    expect(await s.bff.services.ds.getRepository(ReportAlert).count()).toBe(others - mine);
  });
});
