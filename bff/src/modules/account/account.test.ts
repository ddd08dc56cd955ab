import { CONSENT_TEXTS, DELETION_CONFIRM_TEXT } from '@healthpocket/shared-types';
import { phoneCodeFor, randomIdNumber, startStack, verifyIdentity, type Stack } from '../../../test/harness';
import { AuditLog, Consent, FamilyMember, RefreshToken, User } from '../../db/entities';
import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { ChatImage, ChatMessage, Conversation } from '../doctor/entities';
import { ZHANG_WEI, clientId, residentWithConsent } from '../doctor/test-helpers';
import { ChatBodies } from '../doctor/chat-bodies';
import { PaymentOrder } from '../payments/entities';
import { orderFor } from '../payments/test-helpers';
import { AccountRetention, DataExport } from './entities';

let s: Stack;
jest.setTimeout(60_000);

beforeAll(async () => {
  s = await startStack();
});
afterAll(() => s.close());

const repo = <T extends object>(e: new () => T) => s.bff.services.ds.getRepository(e);

/** A real-named resident with health consent, a spouse, one chat message and one bill order. */
async function residentWithData(who: { name: string; idNumber: string }, opts: { contracted: boolean; spouse: string }) {
  const l = await s.login();
  await verifyIdentity(s, l.accessToken, who);
  const token = l.accessToken as string;
  await s.api('POST', '/api/v1/me/consents', { token, body: { kind: 'health_data', textVersion: CONSENT_TEXTS.health_data.version } });
  const members = await s.api('GET', '/api/v1/family/members', { token });
  const selfId = members.body.items[0].id as string;
  const spouse = await s.api('POST', '/api/v1/family/members', { token, body: { name: opts.spouse, relation: 'spouse', idNumber: randomIdNumber() } });
  expect(spouse.status).toBe(201);
  let message: string | null = null;
  if (opts.contracted) {
    const conv = await s.api('POST', '/api/v1/doctor/conversations', { token, body: { memberId: selfId } });
    expect(conv.status).toBe(200);
    message = `最近血压偏高，需要调药吗 ${clientId('m')}`;
    const sent = await s.api('POST', `/api/v1/doctor/conversations/${conv.body.id}/messages`, { token, body: { clientId: clientId(), kind: 'text', text: message } });
    expect(sent.status).toBe(201);
  }
  const bill = await s.sbx('POST', '/his/sandbox/bills', { body: { idNumber: who.idNumber, name: who.name, items: [{ code: 'JY0001' }] } });
  const { order } = await orderFor(s, { token, openid: l.openid, idNumber: who.idNumber, memberId: selfId }, [bill.body.billNo]);
  return { ...l, token, userId: l.user.id as string, selfId, spouseId: spouse.body.id as string, message, order };
}

describe('导出我的数据', () => {
  it('exports the resident’s own data only, to the owner only, once an hour, audited', async () => {
    const a = await residentWithData({ name: '孙悦', idNumber: '110105199504123420' }, { contracted: false, spouse: '赵磊' });
    const b = await residentWithData({ name: '李秀英', idNumber: randomIdNumber('1958-04-12') }, { contracted: false, spouse: '钱多多' });

    const made = await s.api('POST', '/api/v1/me/export', { token: a.token });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ status: 'ready', downloadPath: `/api/v1/me/export/${made.body.id}`, bytes: expect.any(Number) });

    const file = await s.api('GET', made.body.downloadPath, { token: a.token });
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toMatch(/^attachment; filename="healthpocket-export-\d{4}-\d{2}-\d{2}\.json"$/);
    const sections = file.body.sections;
    expect(sections.account.user).toMatchObject({ id: a.userId, name: '孙悦', idNumber: '110105199504123420' });
    expect(sections.account.consents.map((c: { kind: string }) => c.kind)).toContain('health_data');
    expect(sections.family.members.map((m: { name: string }) => m.name).sort()).toEqual(['孙悦', '赵磊']);
    expect(sections.payments.orders.map((o: { id: string }) => o.id)).toEqual([a.order.id]);
    expect(sections.payments.billCharges).toHaveLength(1);
    expect(sections.accessLog.some((r: { action: string }) => r.action === 'member.create')).toBe(true);
    const text = JSON.stringify(file.body);
    for (const other of [b.userId, '钱多多', '李秀英', b.order.id]) expect(text).not.toContain(other);

    // Stored encrypted: the database holds no readable copy of the file.
    const stored = await s.bff.services.ds.query('SELECT data FROM data_export_parts');
    expect(JSON.stringify(stored)).not.toContain('110105199504123420');

    // Another resident cannot download it, nor can anyone without a token.
    expect((await s.api('GET', made.body.downloadPath, { token: b.token })).status).toBe(404);
    expect((await s.api('GET', made.body.downloadPath)).status).toBe(401);
    expect((await s.api('GET', '/api/v1/me/export/not-an-id', { token: a.token })).status).toBe(400);

    // One an hour, with when the next may be made.
    const again = await s.api('POST', '/api/v1/me/export', { token: a.token });
    expect(again.status).toBe(429);
    expect(again.body.error.code).toBe('EXPORT_TOO_FREQUENT');
    const list = await s.api('GET', '/api/v1/me/export', { token: a.token });
    expect(list.body.items.map((x: { id: string }) => x.id)).toEqual([made.body.id]);
    expect(Date.parse(list.body.nextAllowedAt)).toBeGreaterThan(Date.now());
    expect((await s.api('GET', '/api/v1/me/export', { token: b.token })).body).toEqual({ items: [], nextAllowedAt: null });

    const audits = await repo(AuditLog).findBy({ actorUserId: a.userId, subjectId: a.userId });
    expect(audits.map((x) => x.action)).toEqual(expect.arrayContaining(['account.export', 'account.export.download']));
  });

  it('makes one file for several taps at once', async () => {
    const r = await s.resident();
    const answers = await Promise.all(Array.from({ length: 4 }, () => s.api('POST', '/api/v1/me/export', { token: r.token })));
    expect(answers.map((a) => a.status).sort()).toEqual([201, 429, 429, 429]);
    expect(await repo(DataExport).countBy({ userId: r.user.id })).toBe(1);
  });

  it('splits a large file over several rows and gives it back whole', async () => {
    const r = await s.resident();
    await repo(AuditLog).insert(
      Array.from({ length: 800 }, (_, i) => ({
        id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
        actorUserId: r.user.id,
        actorRole: 'resident',
        action: 'content.read',
        subjectType: 'article',
        subjectId: `article-${i}`,
        detail: null,
        requestId: `req-${i}`,
      })),
    );
    const made = await s.api('POST', '/api/v1/me/export', { token: r.token });
    expect(made.status).toBe(201);
    expect((await repo(DataExport).findOneByOrFail({ id: made.body.id })).parts).toBeGreaterThan(1);
    const file = await s.api('GET', made.body.downloadPath, { token: r.token });
    expect(file.body.sections.accessLog.filter((x: { action: string }) => x.action === 'content.read')).toHaveLength(800);
  });

  it('refuses an expired file with a message saying to export again', async () => {
    const r = await s.resident();
    const made = await s.api('POST', '/api/v1/me/export', { token: r.token });
    await repo(DataExport).update({ id: made.body.id }, { expiresAt: new Date(Date.now() - 1000) });
    const res = await s.api('GET', made.body.downloadPath, { token: r.token });
    expect(res.status).toBe(410);
    expect(res.body.error).toMatchObject({ code: 'EXPORT_EXPIRED', message: '下载链接已过期，请重新导出' });
  });
});

describe('注销账号', () => {
  it('says what is deleted and what is kept, and for how long, before asking to confirm', async () => {
    const r = await s.resident();
    const plan = await s.api('GET', '/api/v1/me/deletion', { token: r.token });
    expect(plan.status).toBe(200);
    expect(plan.body.confirmText).toBe(DELETION_CONFIRM_TEXT);
    expect(plan.body.deleted.join('')).toContain('身份证号');
    expect(plan.body.kept.find((k: { key: string }) => k.key === 'online_care')).toMatchObject({ years: 3, basis: expect.stringContaining('互联网诊疗监管细则') });
    expect(plan.body.kept.find((k: { key: string }) => k.key === 'payments')).toMatchObject({ years: 30 });
    expect(plan.body.blockers).toEqual([]);
  });

  it('refuses without the typed confirmation and changes nothing', async () => {
    const r = await s.resident();
    const res = await s.api('POST', '/api/v1/me/deletion', { token: r.token, body: { confirmText: '确定' } });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'DELETION_CONFIRMATION_MISMATCH', message: '请输入「注销账号」四个字确认注销' });
    expect((await s.api('GET', '/api/v1/me', { token: r.token })).status).toBe(200);
  });

  it('refuses a staff account', async () => {
    await s.bff.services.auth.grant('staff_to_delete', ['operator']);
    const l = await s.login('staff_to_delete');
    const res = await s.api('POST', '/api/v1/me/deletion', { token: l.accessToken, body: { confirmText: DELETION_CONFIRM_TEXT } });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('ACCOUNT_IS_STAFF');
  });

  it('ends every session at once, frees the ID number, deletes what it may and keeps payments and chat cut off from the account', async () => {
    const zw = await residentWithData(ZHANG_WEI, { contracted: true, spouse: '陈静' });
    // The chat is sealed at rest, and the export gives it back in clear.
    const sealed = await repo(ChatMessage).findOneByOrFail({ senderUserId: zw.userId });
    expect(sealed.text).not.toContain('血压');
    const exported = await s.api('GET', (await s.api('POST', '/api/v1/me/export', { token: zw.token })).body.downloadPath, { token: zw.token });
    expect(exported.body.sections.familyDoctor.messages.map((m: { text: string }) => m.text)).toContain(zw.message);
    // Another account may not take the number by phone while this account holds it.
    const other = await s.login();
    const blocked = await s.api('PUT', '/api/v1/me/real-name', { token: other.accessToken, body: { ...ZHANG_WEI, phoneCode: await phoneCodeFor(s, '13800138000') } });
    expect(blocked.body.error?.code).toBe('ID_NUMBER_TAKEN');
    // The push consent is kept as proof with the others (withdrawn).
    await s.api('POST', '/api/v1/me/consents', { token: zw.token, body: { kind: 'push', textVersion: CONSENT_TEXTS.push.version } });

    // An order still awaiting payment comes first: pay it or cancel it. The plan says so before asking.
    const plan = await s.api('GET', '/api/v1/me/deletion', { token: zw.token });
    expect(plan.body.blockers).toEqual([{ code: 'ACCOUNT_HAS_OPEN_ORDERS', message: expect.stringContaining('待支付的订单') }]);
    const open = await s.api('POST', '/api/v1/me/deletion', { token: zw.token, body: { confirmText: DELETION_CONFIRM_TEXT } });
    expect(open.status).toBe(409);
    expect(open.body.error.code).toBe('ACCOUNT_HAS_OPEN_ORDERS');
    expect((await s.api('GET', '/api/v1/me', { token: zw.token })).status).toBe(200);
    expect((await s.api('POST', `/api/v1/payments/orders/${zw.order.id}/cancel`, { token: zw.token })).status).toBe(200);

    // A 消息中心 message: deleted with the account (the table check below finds one left behind).
    await s.bff.services.messages.notices.post(zw.userId, { category: 'booking', title: '就诊提醒', body: '明天就诊', dedupeKey: 'account-test' });
    expect((await s.api('GET', '/api/v1/messages/unread-count', { token: zw.token })).body).toEqual({ count: 1 });
    const res = await s.api('POST', '/api/v1/me/deletion', { token: zw.token, body: { confirmText: ` ${DELETION_CONFIRM_TEXT} ` } });
    expect(res.status).toBe(200);
    const { retentionId } = res.body;
    expect(res.body.kept.find((k: { key: string }) => k.key === 'online_care').retainUntil.slice(0, 4)).toBe(String(new Date().getUTCFullYear() + 3));

    // The old access token and refresh token stop working at once.
    expect((await s.api('GET', '/api/v1/me', { token: zw.token })).status).toBe(401);
    expect((await s.api('POST', '/api/v1/auth/refresh', { body: { refreshToken: zw.refreshToken } })).status).toBe(401);
    expect(await repo(RefreshToken).countBy({ userId: zw.userId })).toBe(0);

    // The user row is gone; the same WeChat user signs up as a new account.
    expect(await repo(User).findOneBy({ id: zw.userId })).toBeNull();
    const again = await s.login(zw.openid);
    expect(again.user.id).not.toBe(zw.userId);
    expect(again.user.realNameVerified).toBe(false);

    // The ID number can be bound again, even by phone (which never takes a number over).
    const rebound = await s.api('PUT', '/api/v1/me/real-name', { token: other.accessToken, body: { ...ZHANG_WEI, phoneCode: await phoneCodeFor(s, '13800138000') } });
    expect(rebound.status).toBe(200);
    expect(rebound.body).toMatchObject({ realNameVerified: true, name: '张伟' });

    // Kept: the payment and the chat, keyed by the retention id and no longer by the account.
    const order = await repo(PaymentOrder).findOneByOrFail({ id: zw.order.id });
    expect(order.userId).toBe(retentionId);
    expect(await repo(PaymentOrder).countBy({ userId: zw.userId })).toBe(0);
    const conv = await repo(Conversation).findOneByOrFail({ memberId: zw.selfId });
    expect(conv.ownerUserId).toBe(retentionId);
    const messages = await repo(ChatMessage).findBy({ conversationId: conv.id, senderRole: 'resident' });
    const bodies = new ChatBodies(s.bff.services.crypto);
    expect(messages.map((m) => bodies.open(m.text))).toContain(zw.message);
    expect(messages.every((m) => m.senderUserId === retentionId)).toBe(true);
    const retention = await repo(AccountRetention).findOneByOrFail({ id: retentionId });
    expect(retention.categories.find((c) => c.key === 'payments')!.retainUntil).toBe(res.body.kept.find((k: { key: string }) => k.key === 'payments').retainUntil);
    // The first category due is the audit trail's, in six months.
    expect(retention.nextPurgeAt.getTime()).toBeLessThan(Date.now() + 190 * 24 * 3600_000);
    // Consents kept as proof, withdrawn, under the retention id.
    const consents = await repo(Consent).findBy({ userId: retentionId });
    expect(consents.map((c) => c.kind).sort()).toEqual(['health_data', 'push']);
    expect(consents.every((c) => c.withdrawnAt)).toBe(true);

    // Members: the one the payment and chat name is kept (removed, phone cleared); the spouse is deleted.
    const self = await repo(FamilyMember).findOneOrFail({ where: { id: zw.selfId }, withDeleted: true });
    expect(self).toMatchObject({ ownerUserId: retentionId, phoneEnc: null, deletedAt: expect.any(Date) });
    expect(await repo(FamilyMember).findOne({ where: { id: zw.spouseId }, withDeleted: true })).toBeNull();
    expect(await repo(FamilyMember).count({ where: { ownerUserId: zw.userId }, withDeleted: true })).toBe(0);

    // No table but the audit trail (kept for its period) still names the account: a module that
    // adds a user column and forgets its account-data handler fails here.
    const left: string[] = [];
    let checked = 0;
    for (const meta of s.bff.services.ds.entityMetadatas) {
      if (meta.target === AuditLog) continue;
      for (const col of meta.columns.filter((c) => /userid$|^requestedBy$/i.test(c.propertyName) || (meta.target === User && c.propertyName === 'id'))) {
        checked++;
        const n = await s.bff.services.ds.getRepository(meta.target).count({ where: { [col.propertyName]: zw.userId }, withDeleted: true });
        if (n) left.push(`${meta.tableName}.${col.propertyName}: ${n}`);
      }
    }
    expect(left).toEqual([]);
    expect(checked).toBeGreaterThan(20);

    const audit = await repo(AuditLog).findOneByOrFail({ action: 'account.delete', subjectId: zw.userId });
    expect(audit.detail).toMatchObject({ retentionId });
  });

  it('revokes the 家人授权 the deleted resident gave and asked for', async () => {
    const { adultApproves } = await import('../records/test-family');
    const child = await residentWithConsent(s, { name: '周磊', idNumber: '310101198511170038' });
    const mother = await s.api('POST', '/api/v1/family/members', { token: child.token, body: { name: '王秀英', relation: 'parent', idNumber: '11010519491231002X' } });
    const adult = await adultApproves(s, child.token, mother.body.id, { name: '王秀英', idNumber: '11010519491231002X', phone: '13701010088' });
    const before = await s.api('GET', `/api/v1/family/members/${mother.body.id}/access-requests/latest`, { token: child.token });
    expect(before.body.status).toBe('approved');
    const res = await s.api('POST', '/api/v1/me/deletion', { token: adult.token, body: { confirmText: DELETION_CONFIRM_TEXT } });
    expect(res.status).toBe(200);
    const after = await s.api('GET', `/api/v1/family/members/${mother.body.id}/access-requests/latest`, { token: child.token });
    expect(after.body.status).toBe('revoked');
  });
});

describe('retained records when their period ends', () => {
  it('deletes each category when its time is up, and the members and the retention with the last', async () => {
    // 张伟 again (a new account: the earlier one was deleted above, or face verification takes the number over).
    const r = await residentWithData(ZHANG_WEI, { contracted: true, spouse: '吴芳' });
    expect((await s.api('POST', `/api/v1/payments/orders/${r.order.id}/cancel`, { token: r.token })).status).toBe(200);
    const conv = await repo(Conversation).findOneByOrFail({ memberId: r.selfId });
    const imageId = randomUUID();
    const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#0a7d5a' } })
      .png()
      .toBuffer();
    const stored = await s.bff.services.doctor.images.save(imageId, png);
    await repo(ChatImage).insert({ id: imageId, conversationId: conv.id, uploaderUserId: r.userId, ...stored });
    const res = await s.api('POST', '/api/v1/me/deletion', { token: r.token, body: { confirmText: DELETION_CONFIRM_TEXT } });
    expect(res.status).toBe(200);
    const { retentionId } = res.body;
    const purge = s.bff.services.account.purge;
    const at = (key: string) => new Date(res.body.kept.find((k: { key: string }) => k.key === key).retainUntil);

    // Nothing is due yet.
    expect(await purge.run()).toEqual({ purged: 0, finished: 0 });
    // Six months on: the audit trail about the account goes with everything else that old (pruned
    // from the chain's start, which still verifies); payments and consents stay.
    expect(await repo(AuditLog).countBy({ actorUserId: r.userId })).toBeGreaterThan(0);
    await purge.run(new Date(at('audit').getTime() + 1000));
    await s.bff.services.auditRetention.runOnce(new Date(at('audit').getTime() + 86_400_000));
    expect(await repo(AuditLog).countBy({ actorUserId: r.userId })).toBe(0);
    expect((await s.bff.services.audit.verify()).ok).toBe(true);
    expect(await repo(AuditLog).countBy({ subjectType: 'member', subjectId: r.selfId })).toBe(0);
    expect(await repo(PaymentOrder).countBy({ userId: retentionId })).toBe(1);
    expect(await repo(Consent).countBy({ userId: retentionId })).toBeGreaterThan(0);
    expect(await s.bff.services.doctor.images.open(imageId, false)).not.toBeNull();
    // Three years on: chat (with its image files) and consents go; the payment stays, and so does the member it names.
    await purge.run(new Date(at('consents').getTime() + 1000));
    expect(await repo(Consent).countBy({ userId: retentionId })).toBe(0);
    expect(await repo(Conversation).countBy({ id: conv.id })).toBe(0);
    expect(await repo(ChatMessage).countBy({ conversationId: conv.id })).toBe(0);
    expect(await repo(ChatImage).countBy({ id: imageId })).toBe(0);
    expect(await s.bff.services.doctor.images.open(imageId, false)).toBeNull();
    expect(await s.bff.services.doctor.images.open(imageId, true)).toBeNull();
    expect(await repo(PaymentOrder).countBy({ userId: retentionId })).toBe(1);
    expect(await repo(FamilyMember).count({ where: { id: r.selfId }, withDeleted: true })).toBe(1);
    // Thirty years on: everything, and the retention row itself.
    expect((await purge.run(new Date(at('payments').getTime() + 1000))).finished).toBeGreaterThanOrEqual(1);
    expect(await repo(PaymentOrder).countBy({ id: r.order.id })).toBe(0);
    expect(await repo(FamilyMember).count({ where: { id: r.selfId }, withDeleted: true })).toBe(0);
    expect(await repo(AccountRetention).countBy({ id: retentionId })).toBe(0);
  });
});
