import sharp from 'sharp';
import { startStack, type Stack } from '../../../test/harness';
import { AuditLog } from '../../db/entities';
import { adultApproves } from '../records/test-family';
import { randomUUID } from 'node:crypto';
import { ChatMessage, Conversation, HealthAlert } from './entities';
import { CHEN_JING, WANG_XIUYING, WsClient, ZHANG_WEI, clientId, residentWithConsent, staff } from './test-helpers';

jest.setTimeout(30_000);

let s: Stack;
let zw: Awaited<ReturnType<typeof residentWithConsent>>;
let convId: string;
let motherConvId: string;
let motherId: string;
let motherGrant: Awaited<ReturnType<typeof adultApproves>>;
const tokens: Record<string, string | null> = {};

beforeAll(async () => {
  s = await startStack();
  zw = await residentWithConsent(s, ZHANG_WEI);
  const mother = await s.api('POST', '/api/v1/family/members', { token: zw.token, body: { name: WANG_XIUYING.name, relation: 'parent', idNumber: WANG_XIUYING.idNumber } });
  // 王秀英 is an adult: her conversation opens to her son once she approves his 家人授权.
  motherId = mother.body.id;
  motherGrant = await adultApproves(s, zw.token, motherId, WANG_XIUYING);
  convId = (await s.api('POST', '/api/v1/doctor/conversations', { token: zw.token, body: { memberId: zw.selfId } })).body.id;
  motherConvId = (await s.api('POST', '/api/v1/doctor/conversations', { token: zw.token, body: { memberId: mother.body.id } })).body.id;
  tokens.resident = zw.token;
  tokens.teamDoctor = (await staff(s, 'D-FD-001')).token;
  tokens.teamNurse = (await staff(s, 'N-FD-001')).token; // 王丽, nurse of T001, given the workbench role
  tokens.otherTeamDoctor = (await staff(s, 'D-FD-002')).token;
  tokens.doctorWithoutId = (await staff(s, undefined)).token;
  tokens.otherResident = (await s.resident(CHEN_JING)).token; // contracted to the same team, but not a party
  await s.bff.services.auth.grant('acc_operator', ['operator']);
  tokens.operator = (await s.login('acc_operator')).accessToken;
  tokens.anonymous = null;
  await s.api('PUT', '/api/v1/workbench/settings', {
    token: tokens.teamDoctor,
    body: { hours: { days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '23:59' }, autoReply: '稍后回复', quickReplies: [] },
  });
});
afterAll(() => s.close());

/** Only the two parties and the contracted team may read a conversation; everyone else gets 404 (or 401/403 at the door). */
const ALLOWED = { resident: 200, teamDoctor: 200, teamNurse: 200, otherTeamDoctor: 404, doctorWithoutId: 404, otherResident: 404, operator: 404, anonymous: 401 } as const;
const actors = Object.keys(ALLOWED) as Array<keyof typeof ALLOWED>;

describe('who may read a conversation', () => {
  it.each(actors)('%s: conversation, history, receipts and the socket sync', async (who) => {
    const token = tokens[who] ?? undefined;
    const expected = ALLOWED[who];
    expect((await s.api('GET', `/api/v1/doctor/conversations/${convId}`, { token })).status).toBe(expected);
    expect((await s.api('GET', `/api/v1/doctor/conversations/${convId}/messages`, { token })).status).toBe(expected);
    expect((await s.api('POST', `/api/v1/doctor/conversations/${convId}/read`, { token, body: { seq: 0 } })).status).toBe(expected);
    if (!token) return;
    const ws = await WsClient.open(s.bff.url, token);
    ws.send({ type: 'sync', conversationId: convId, afterSeq: 0 });
    const answer = await ws.next((f) => f.type === 'synced' || f.type === 'error');
    expect(answer.type === 'synced' ? 200 : answer.type === 'error' && answer.code === 'NOT_FOUND' ? 404 : answer).toBe(expected);
    ws.close();
  });

  it.each(actors)('%s: sending', async (who) => {
    const before = await s.bff.services.ds.getRepository(ChatMessage).countBy({ conversationId: convId });
    const res = await s.api('POST', `/api/v1/doctor/conversations/${convId}/messages`, { token: tokens[who] ?? undefined, body: { clientId: clientId(who), kind: 'text', text: `来自${who}` } });
    const ok = ALLOWED[who] === 200;
    expect(res.status).toBe(ok ? 201 : ALLOWED[who]);
    expect(await s.bff.services.ds.getRepository(ChatMessage).countBy({ conversationId: convId })).toBe(before + (ok ? 1 : 0));
  });

  it('the workbench view is for the team only (a resident is refused at the door)', async () => {
    const expected = { resident: 403, teamDoctor: 200, teamNurse: 200, otherTeamDoctor: 404, doctorWithoutId: 404, otherResident: 403, operator: 403, anonymous: 401 } as const;
    for (const who of actors) {
      const res = await s.api('GET', `/api/v1/workbench/conversations/${convId}`, { token: tokens[who] ?? undefined });
      expect([who, res.status]).toEqual([who, expected[who]]);
    }
  });

  it("another team's inbox does not list the conversation", async () => {
    const inbox = await s.api('GET', '/api/v1/workbench/inbox', { token: tokens.otherTeamDoctor! });
    expect(inbox.body.items).toEqual([]);
  });
});

describe('workbench', () => {
  it('sorts the inbox by waiting time, and answering takes a case off the wait', async () => {
    const sendAs = (token: string, conv: string, text: string) => s.api('POST', `/api/v1/doctor/conversations/${conv}/messages`, { token, body: { clientId: clientId(), kind: 'text', text } });
    await sendAs(tokens.teamDoctor!, convId, '先清空等待'); // the team answered 张伟 last
    await sendAs(zw.token, motherConvId, '妈妈头晕');
    await sendAs(zw.token, motherConvId, '血压170/100');
    await sendAs(zw.token, convId, '我的问题');
    let inbox = (await s.api('GET', '/api/v1/workbench/inbox', { token: tokens.teamDoctor! })).body.items;
    expect(inbox.map((i: any) => [i.memberName, i.unread, !!i.waitingSince])).toEqual([
      ['王秀英', 2, true],
      ['张伟', 1, true],
    ]);
    expect(inbox[0]).toMatchObject({ memberAge: expect.any(Number), memberSex: '女', lastMessage: '血压170/100' });
    await sendAs(tokens.teamDoctor!, motherConvId, '请安静休息后复测');
    inbox = (await s.api('GET', '/api/v1/workbench/inbox', { token: tokens.teamDoctor! })).body.items;
    expect(inbox.map((i: any) => [i.memberName, i.unread, !!i.waitingSince])).toEqual([
      ['张伟', 1, true],
      ['王秀英', 0, false],
    ]);
  });

  it('ranks a conversation with an open urgent alert above every waiting one until it is acknowledged', async () => {
    const names = async () => (await s.api('GET', '/api/v1/workbench/inbox', { token: tokens.teamDoctor! })).body.items.map((i: any) => [i.memberName, i.openAlerts, !!i.waitingSince]);
    // 张伟 waits for an answer; 王秀英's conversation was answered.
    expect(await names()).toEqual([
      ['张伟', 0, true],
      ['王秀英', 0, false],
    ]);
    const reading = await s.api('POST', '/api/v1/doctor/readings', {
      token: zw.token,
      body: { memberId: motherId, kind: 'bp', values: { systolic: 186, diastolic: 112 }, measuredAt: new Date(Date.now() - 60_000).toISOString() },
    });
    expect(reading.status).toBe(201);
    const alert = await s.bff.services.ds.getRepository(HealthAlert).findOneByOrFail({ memberId: motherId, status: 'open' });
    expect(await names()).toEqual([
      ['王秀英', 1, false],
      ['张伟', 0, true],
    ]);
    expect((await s.api('POST', `/api/v1/workbench/alerts/${alert.id}/ack`, { token: tokens.teamDoctor!, body: { outcome: 'phoned' } })).status).toBe(200);
    expect(await names()).toEqual([
      ['张伟', 0, true],
      ['王秀英', 0, false],
    ]);
  });

  it('shows the record beside the conversation and audits that the doctor opened it', async () => {
    const res = await s.api('GET', `/api/v1/workbench/conversations/${motherConvId}`, { token: tokens.teamDoctor! });
    expect(res.status).toBe(200);
    expect(res.body.member).toMatchObject({ name: '王秀英', sex: '女', recordNumber: '11010100100100101', allergies: ['磺胺类'] });
    expect(res.body.member.conditions).toEqual(['高血压（I10）', '2型糖尿病（E11）']);
    expect(res.body.member.contract.packages).toContain('慢病管理个性化服务包');
    expect(res.body.conversation.notice).toContain('不能替代线下首诊');
    // The records service's summary (records policy: the doctor is on the contracted team).
    expect(res.body.summary).toMatchObject({ name: '王秀英', recordNumber: '11010100100100101' });
    const audit = await s.bff.services.ds.getRepository(AuditLog).findOneBy({ action: 'workbench.conversation.view', subjectId: motherConvId });
    expect(audit).toMatchObject({ actorRole: 'doctor' });
  });

  it('resolves a case; the next resident message reopens it', async () => {
    expect((await s.api('POST', `/api/v1/workbench/conversations/${convId}/resolve`, { token: tokens.teamDoctor! })).status).toBe(204);
    expect((await s.api('GET', '/api/v1/workbench/inbox?status=open', { token: tokens.teamDoctor! })).body.items.map((i: any) => i.conversationId)).not.toContain(convId);
    await s.api('POST', `/api/v1/doctor/conversations/${convId}/messages`, { token: zw.token, body: { clientId: clientId(), kind: 'text', text: '又有新问题' } });
    expect((await s.api('GET', '/api/v1/workbench/inbox?status=open', { token: tokens.teamDoctor! })).body.items.map((i: any) => i.conversationId)).toContain(convId);
    // A resident cannot resolve.
    expect((await s.api('POST', `/api/v1/workbench/conversations/${convId}/resolve`, { token: zw.token })).status).toBe(403);
  });

  it('validates settings: end after start, Chinese messages', async () => {
    const bad = await s.api('PUT', '/api/v1/workbench/settings', { token: tokens.teamDoctor!, body: { hours: { days: [1], start: '18:00', end: '08:00' }, autoReply: 'x', quickReplies: [] } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe('下班时间应晚于上班时间');
    const noId = await s.api('GET', '/api/v1/workbench/settings', { token: tokens.doctorWithoutId! });
    expect(noId.status).toBe(403);
  });
});

describe('inbox paging', () => {
  it('pages the whole inbox by cursor in rank order, without repeats or gaps, and refuses a forged cursor', async () => {
    const repo = s.bff.services.ds.getRepository(Conversation);
    const now = Date.now();
    const minutesAgo = (n: number) => new Date(now - n * 60_000);
    // Seven more conversations of the team: waiting, answered, and one without any message.
    const extra = [
      { name: '甲', waiting: 30, last: 30 },
      { name: '乙', waiting: 5, last: 5 },
      { name: '丙', waiting: null, last: 90 },
      { name: '丁', waiting: null, last: 10 },
      { name: '戊', waiting: null, last: null },
      { name: '己', waiting: 30, last: 30 }, // the same wait as 甲: the id decides, on every page
      { name: '庚', waiting: null, last: null },
    ];
    for (const e of extra) {
      await repo.insert({
        id: randomUUID(),
        memberId: randomUUID(),
        ownerUserId: randomUUID(),
        teamId: 'T001',
        doctorId: 'D-FD-001',
        memberName: e.name,
        recordNumber: null,
        status: 'open',
        lastMessageAt: e.last === null ? null : minutesAgo(e.last),
        lastMessagePreview: e.last === null ? null : '问题',
        waitingSince: e.waiting === null ? null : minutesAgo(e.waiting),
        notifiedAt: null,
        autoRepliedAt: null,
      });
    }
    const all = await s.api('GET', '/api/v1/workbench/inbox?limit=100', { token: tokens.teamDoctor! });
    expect(all.body.nextCursor).toBeNull();
    const order = all.body.items.map((i: any) => i.conversationId);
    expect(order).toHaveLength(extra.length + 2);
    // Waiting ones by waiting time, then the answered ones newest first, then those without messages.
    const waiting = all.body.items.filter((i: any) => i.waitingSince);
    expect(waiting.map((i: any) => i.waitingSince)).toEqual([...waiting.map((i: any) => i.waitingSince)].sort());
    expect(all.body.items.findIndex((i: any) => !i.waitingSince)).toBe(waiting.length);
    expect(all.body.items.slice(-2).map((i: any) => i.lastMessageAt)).toEqual([null, null]);
    expect(
      all.body.items
        .filter((i: any) => !i.waitingSince && i.lastMessageAt)
        .map((i: any) => i.memberName)
        .indexOf('丁'),
    ).toBeLessThan(
      all.body.items
        .filter((i: any) => !i.waitingSince && i.lastMessageAt)
        .map((i: any) => i.memberName)
        .indexOf('丙'),
    );

    // Page by page (2 a page) gives the same sequence.
    const pageThrough = async () => {
      const paged: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res: any = await s.api('GET', `/api/v1/workbench/inbox?limit=2${cursor ? `&cursor=${cursor}` : ''}`, { token: tokens.teamDoctor! });
        expect(res.status).toBe(200);
        expect(res.body.items.length).toBeLessThanOrEqual(2);
        paged.push(...res.body.items.map((i: any) => i.conversationId));
        cursor = res.body.nextCursor;
        pages++;
      } while (cursor && pages < 20);
      expect(pages).toBe(Math.ceil(paged.length / 2));
      return paged;
    };
    expect(await pageThrough()).toEqual(order);

    // An open alert on the last of them (no messages at all) puts it on top of the first page; paging still agrees.
    const last = all.body.items.at(-1);
    await s.bff.services.ds.getRepository(HealthAlert).insert({
      id: randomUUID(),
      readingId: randomUUID(),
      memberId: last.memberId,
      ownerUserId: randomUUID(),
      memberName: last.memberName,
      teamId: 'T001',
      conversationId: last.conversationId,
      reason: '血压 190/115 mmHg 达到紧急转诊标准（≥180/110）',
      status: 'open',
      acknowledgedAt: null,
      acknowledgedBy: null,
    });
    const reranked = (await s.api('GET', '/api/v1/workbench/inbox?limit=100', { token: tokens.teamDoctor! })).body.items.map((i: any) => i.conversationId);
    expect(reranked).toEqual([last.conversationId, ...order.slice(0, -1)]);
    expect(await pageThrough()).toEqual(reranked);

    // The default page (50) holds them all.
    const first = await s.api('GET', '/api/v1/workbench/inbox', { token: tokens.teamDoctor! });
    expect(first.body.items).toHaveLength(order.length);

    const forged = await s.api('GET', '/api/v1/workbench/inbox?cursor=bm90LWEtY3Vyc29y', { token: tokens.teamDoctor! });
    expect(forged.status).toBe(400);
    expect(forged.body.error.message).toBe('分页参数无效，请刷新后重试');
    expect((await s.api('GET', '/api/v1/workbench/inbox?limit=500', { token: tokens.teamDoctor! })).status).toBe(400);
  });
});

describe('images', () => {
  const upload = async (token: string | undefined, body: Buffer, filename: string, type: string) => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(body)], { type }), filename);
    const res = await fetch(`${s.bff.url}/api/v1/doctor/conversations/${convId}/images`, { method: 'POST', body: form, headers: token ? { authorization: `Bearer ${token}` } : {} });
    return { status: res.status, body: (await res.json()) as any };
  };

  it('stores a re-encoded image and a thumbnail, sends it, and serves it by a signed URL only', async () => {
    const png = await sharp({ create: { width: 1200, height: 800, channels: 3, background: '#cc3344' } })
      .png()
      .toBuffer();
    const up = await upload(zw.token, png, '化验单.png', 'image/png');
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({ width: 1200, height: 800 });
    const sent = await s.api('POST', `/api/v1/doctor/conversations/${convId}/messages`, { token: zw.token, body: { clientId: clientId(), kind: 'image', imageId: up.body.id } });
    expect(sent.status).toBe(201);
    expect(sent.body).toMatchObject({ kind: 'image', image: { id: up.body.id, width: 1200, height: 800 } });
    const thumb = await fetch(s.bff.url + sent.body.image.thumbUrl);
    expect(thumb.status).toBe(200);
    expect(thumb.headers.get('content-type')).toBe('image/jpeg');
    const meta = await sharp(Buffer.from(await thumb.arrayBuffer())).metadata();
    expect(Math.max(meta.width!, meta.height!)).toBe(320);
    const full = await fetch(s.bff.url + sent.body.image.url);
    expect(full.headers.get('content-type')).toBe('image/png');
    // A forged or stripped signature is refused.
    expect((await fetch(s.bff.url + sent.body.image.url.replace(/sig=[^&]+/, 'sig=AAAA'))).status).toBe(404);
    expect((await fetch(`${s.bff.url}/api/v1/doctor/images/${up.body.id}`)).status).toBe(400);
    // Someone else cannot send the resident's upload as their own.
    const other = await s.api('POST', `/api/v1/doctor/conversations/${convId}/messages`, { token: tokens.teamDoctor!, body: { clientId: clientId(), kind: 'image', imageId: up.body.id } });
    expect(other.status).toBe(400);
  });

  it('refuses a non-image, a disguised file and an outsider', async () => {
    const text = await upload(zw.token, Buffer.from('MZ this is not an image'), 'photo.jpg', 'image/jpeg');
    expect(text.status).toBe(415);
    expect(text.body.error.code).toBe('CHAT_IMAGE_TYPE_UNSUPPORTED');
    const gif = await sharp({ create: { width: 10, height: 10, channels: 3, background: '#000' } })
      .gif()
      .toBuffer();
    expect((await upload(zw.token, gif, 'a.gif', 'image/gif')).body.error.code).toBe('CHAT_IMAGE_TYPE_UNSUPPORTED');
    expect((await upload(tokens.otherResident!, gif, 'a.png', 'image/png')).status).toBe(404);
  });

  it('refuses an image over 5 MB with 413', async () => {
    const big = Buffer.alloc(5 * 1024 * 1024 + 10, 1);
    const res = await upload(zw.token, big, 'big.jpg', 'image/jpeg');
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('CHAT_IMAGE_TOO_LARGE');
  });
});

describe('a revoked 家人授权 closes the adult’s conversation to the requester', () => {
  const msgs = (token: string) => s.api('GET', `/api/v1/doctor/conversations/${motherConvId}/messages`, { token });
  const say = (token: string, conv: string, text: string) => s.api('POST', `/api/v1/doctor/conversations/${conv}/messages`, { token, body: { clientId: clientId(), kind: 'text', text } });

  it('refused on every way in (403 naming the scope), not pushed live; the team keeps the conversation; a new approval reopens it', async () => {
    const ws = await WsClient.open(s.bff.url, zw.token);
    expect((await s.api('POST', `/api/v1/me/access-requests/${motherGrant.requestId}/revoke`, { token: motherGrant.token })).status).toBe(200);

    const refused = [
      await s.api('GET', `/api/v1/doctor/conversations/${motherConvId}`, { token: zw.token }),
      await msgs(zw.token),
      await s.api('POST', `/api/v1/doctor/conversations/${motherConvId}/read`, { token: zw.token, body: { seq: 0 } }),
      await s.api('POST', '/api/v1/doctor/conversations', { token: zw.token, body: { memberId: motherId } }),
    ];
    for (const r of refused) expect([r.status, r.body.error?.code, r.body.error?.scope]).toEqual([403, 'FAMILY_AUTHORIZATION_REQUIRED', 'health']);
    const before = await s.bff.services.ds.getRepository(ChatMessage).countBy({ conversationId: motherConvId });
    expect((await say(zw.token, motherConvId, '妈妈今天怎么样')).status).toBe(403);
    expect(await s.bff.services.ds.getRepository(ChatMessage).countBy({ conversationId: motherConvId })).toBe(before);
    ws.send({ type: 'sync', conversationId: motherConvId, afterSeq: 0 });
    expect(await ws.next((f) => f.type === 'error' || f.type === 'synced')).toMatchObject({ type: 'error', code: 'FAMILY_AUTHORIZATION_REQUIRED' });

    // The team still answers her; 张伟's open socket gets his own conversation's reply, not hers.
    expect((await say(tokens.teamDoctor!, motherConvId, '王阿姨请按时服药')).status).toBe(201);
    expect((await say(tokens.teamDoctor!, convId, '张先生您好')).status).toBe(201);
    await ws.next((f) => f.type === 'message' && f.message.conversationId === convId);
    expect(ws.frames.filter((f) => f.type === 'message' && f.message.conversationId === motherConvId)).toEqual([]);
    const team = await msgs(tokens.teamDoctor!);
    expect(team.status).toBe(200);
    expect(team.body.items.map((m: { text: string | null }) => m.text)).toContain('王阿姨请按时服药');
    ws.close();

    // She approves again: the conversation, with what was said meanwhile, is his to read again.
    await adultApproves(s, zw.token, motherId, { token: motherGrant.token, userId: motherGrant.userId });
    const back = await msgs(zw.token);
    expect(back.status).toBe(200);
    expect(back.body.items.map((m: { text: string | null }) => m.text)).toContain('王阿姨请按时服药');
  });
});
