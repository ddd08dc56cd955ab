import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { client, startStack, type Call, type Stack } from '../../test/harness';
import { loadConfig } from '../config';
import { newId } from '../db/columns';
import { createLogger } from '../logger';
import { startBff, type RunningBff } from '../server';
import { ChatMessage, Conversation } from '../modules/doctor/entities';
import { ZHANG_WEI, clientId, residentWithConsent, staff } from '../modules/doctor/test-helpers';
import { ENCRYPTED_COLUMNS } from './encrypted-columns';
import { FieldCrypto, fieldHashKeyOf } from './field-crypto';

jest.setTimeout(120_000);
const run = promisify(execFile);
const root = path.resolve(__dirname, '../../..');

const K1 = randomBytes(32).toString('base64');
const K2 = randomBytes(32).toString('base64');
const K3 = randomBytes(32).toString('base64');
const keys = (entries: Record<number, string>) => new Map(Object.entries(entries).map(([v, k]) => [Number(v), Buffer.from(k, 'base64')]));
const hashKey = fieldHashKeyOf(Buffer.from(K1, 'base64'));
/** Every key of the test, to read back whatever the database holds. */
const all = new FieldCrypto({ current: 1, keys: keys({ 1: K1, 2: K2, 3: K3 }), hashKey });

let s: Stack;
let bff2: RunningBff | null = null;

afterAll(async () => {
  await bff2?.close();
  await s?.close();
});

/** Every encrypted value in the database, read with SQL past TypeORM: `table.column#id` → stored text. */
async function rawValues(b: RunningBff): Promise<Map<string, string>> {
  const ds = b.services.ds;
  const q = (n: string) => ds.driver.escape(n);
  const out = new Map<string, string>();
  for (const c of ENCRYPTED_COLUMNS) {
    const meta = ds.getMetadata(c.entity);
    const col = meta.findColumnWithPropertyName(c.property)!.databaseName;
    const rows: Array<{ id: string; v: string }> = await ds.query(`SELECT ${q('id')} AS id, ${q(col)} AS v FROM ${q(meta.tableName)} WHERE ${q(col)} IS NOT NULL`);
    for (const r of rows) out.set(`${meta.tableName}.${col}#${r.id}`, r.v);
  }
  return out;
}

const prefixes = (m: Map<string, string>) => [...new Set([...m.values()].map((v) => /^(v1|k\d+)\./.exec(v)?.[0] ?? 'plaintext'))].sort();
const hashes = async (b: RunningBff) => b.services.ds.query('SELECT id, idNumberHash FROM users WHERE idNumberHash IS NOT NULL ORDER BY id');

it('rotates the field key: old rows read under key 1, the job moves them (and plaintext chat) to key 2, key 1 retires only then; the CLI does the same for key 3', async () => {
  // 1. Key 1 only: a resident with a verified identity, and a conversation with the family doctor.
  s = await startStack({ FIELD_ENCRYPTION_KEY: K1 });
  const zw = await residentWithConsent(s, ZHANG_WEI);
  const doctor = await staff(s, 'D-FD-001');
  // Working hours around the clock: no automatic reply joins the conversation.
  const always = { hours: { days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '23:59' }, autoReply: '医生已下班。', quickReplies: [] };
  expect((await s.api('PUT', '/api/v1/workbench/settings', { token: doctor.token, body: always })).status).toBe(200);
  const conv = (await s.api('POST', '/api/v1/doctor/conversations', { token: zw.token, body: { memberId: zw.selfId } })).body.id as string;
  for (const [token, text] of [
    [zw.token, '医生您好，最近血压150/95'],
    [doctor.token, '请每天早晚各测一次'],
  ]) {
    expect((await s.api('POST', `/api/v1/doctor/conversations/${conv}/messages`, { token, body: { clientId: clientId(), kind: 'text', text } })).status).toBe(201);
  }
  // A message stored before chat bodies were encrypted.
  const ds1 = s.bff.services.ds;
  const c1 = await ds1.getRepository(Conversation).findOneByOrFail({ id: conv });
  await ds1.getRepository(ChatMessage).insert({
    id: newId(),
    conversationId: conv,
    seq: c1.lastSeq + 1,
    senderUserId: doctor.userId,
    senderRole: 'doctor',
    senderName: '李明',
    clientId: clientId(),
    kind: 'text',
    text: '以前的明文消息',
    imageId: null,
  });
  await ds1.getRepository(Conversation).update({ id: conv }, { lastSeq: c1.lastSeq + 1 });

  const before = await rawValues(s.bff);
  expect(prefixes(before)).toEqual(['plaintext', 'v1.']);
  const hashesBefore = await hashes(s.bff);
  const snapshot = async (api: Call) => ({
    me: (await api('GET', '/api/v1/me', { token: zw.token })).body,
    members: (await api('GET', '/api/v1/family/members', { token: zw.token })).body,
    messages: (await api('GET', `/api/v1/doctor/conversations/${conv}/messages`, { token: zw.token })).body.items.map((m: any) => m.text),
  });
  const seen = await snapshot(s.api);
  expect(seen.me.idNumberMasked).toBeTruthy();
  expect(seen.messages).toEqual(['医生您好，最近血压150/95', '请每天早晚各测一次', '以前的明文消息']);

  // 2. Rotate: key 2 joins (FIELD_ENCRYPTION_KEY stays key 1) and is current. Small batches and runs.
  await s.bff.close();
  const env2: Record<string, string | undefined> = {
    ...s.bff.services.config.raw,
    PORT: '0',
    FIELD_KEYS: `2:${K2}`,
    FIELD_KEY_CURRENT: '2',
    FIELD_REENCRYPT_INTERVAL_MS: '0',
    FIELD_REENCRYPT_BATCH: '2',
    FIELD_REENCRYPT_MAX_ROWS: '3',
  };
  bff2 = await startBff(loadConfig(env2), createLogger('silent'));
  bff2.services.config.publicBaseUrl = bff2.url;
  const api2 = client(bff2.url);
  expect(await snapshot(api2)).toEqual(seen);
  const sent = await api2('POST', `/api/v1/doctor/conversations/${conv}/messages`, { token: zw.token, body: { clientId: clientId(), kind: 'text', text: '收到，谢谢医生' } });
  expect(sent.status).toBe(201);
  const fresh = await rawValues(bff2);
  expect(fresh.get(`chat_messages.text#${sent.body.id}`)).toMatch(/^k2\./);
  // What every encrypted value says (the new message moved the inbox preview to key 2 already).
  const plain = new Map([...fresh].map(([k, v]) => [k, all.decryptOrPlaintext(v)]));

  // Key 1 cannot retire while rows use it; the current key never can.
  const rotation = bff2.services.keyRotation;
  const refused = await rotation.retire(1);
  expect(refused).toMatchObject({
    ok: false,
    inUse: expect.arrayContaining([expect.objectContaining({ table: 'users', column: 'idNumberEnc', rows: 1 }), expect.objectContaining({ table: 'chat_messages', column: 'text', rows: 2 })]),
  });
  expect(await rotation.retire(2)).toMatchObject({ ok: false, reason: expect.stringContaining('current key') });

  // 3. The periodic job: three rows a run, resumed by the next run until nothing is left.
  const stamps = async () => bff2!.services.ds.query('SELECT id, updatedAt FROM users ORDER BY id');
  const stampsBefore = await stamps();
  const job = bff2.services.jobs.find((j) => j.name === 'field-reencrypt')!;
  const runs: Array<{ rewritten: number; sealed: number; failed: number; more: boolean }> = [];
  do runs.push((await job.periodic!.run()) as (typeof runs)[number]);
  while (runs.at(-1)!.more && runs.length < 50);
  expect(runs.length).toBeGreaterThan(2);
  expect(runs.reduce((a, r) => a + r.rewritten, 0)).toBe([...fresh.values()].filter((v) => v.startsWith('v1.')).length);
  expect(runs.reduce((a, r) => a + r.sealed, 0)).toBe(1);
  expect(runs.every((r) => r.failed === 0)).toBe(true);
  // Idempotent: a further run finds nothing.
  expect(await job.periodic!.run()).toEqual({ rewritten: 0, sealed: 0, failed: 0, more: false });

  const after = await rawValues(bff2);
  expect(prefixes(after)).toEqual(['k2.']);
  for (const [k, v] of plain) expect(all.decrypt(after.get(k)!)).toBe(v);
  expect(after.get(`chat_messages.text#${sent.body.id}`)).toBe(fresh.get(`chat_messages.text#${sent.body.id}`));
  expect(await hashes(bff2)).toEqual(hashesBefore);
  // A key change is not a change of the row: updatedAt stays.
  expect(await stamps()).toEqual(stampsBefore);
  expect(await snapshot(api2)).toEqual({ ...seen, messages: [...seen.messages, '收到，谢谢医生'] });
  expect(await rotation.retire(1)).toEqual({ ok: true });
  await bff2.close();

  // 4. The CLI, key 1 gone (the look-up key moves to FIELD_HASH_KEY), key 3 current.
  const { FIELD_ENCRYPTION_KEY: _k1, ...rest } = env2;
  const env3 = { ...process.env, ...rest, FIELD_KEYS: `3:${K3},2:${K2}`, FIELD_KEY_CURRENT: '3', FIELD_HASH_KEY: hashKey.toString('base64') };
  const cli = (...args: string[]) => run('npx', ['tsx', '--tsconfig', 'bff/tsconfig.json', 'bff/src/admin/cli.ts', ...args], { cwd: root, env: env3 });
  await expect(cli('retire', '2')).rejects.toMatchObject({ code: 1, stderr: expect.stringMatching(/refusing to retire key 2: \d+ row\(s\) still use key 2[\s\S]*users\.idNumberEnc: 1/) });
  expect((await cli('reencrypt')).stdout).toMatch(/re-encrypted under key 3: \d+ rewritten, 0 plaintext sealed, 0 unreadable/);
  expect((await cli('retire', '2')).stdout).toContain('key 2 is not used by any row');
  const status = (await cli('keys')).stdout;
  expect(status).toContain('current key: 3 (configured: 2, 3)');
  expect(status).toMatch(/chat_messages\.text: k2\. 0, k3\. 4, other 0/);
  const ds = (bff2 = await startBff(loadConfig({ ...rest, FIELD_KEYS: `3:${K3}`, FIELD_KEY_CURRENT: '3', FIELD_HASH_KEY: hashKey.toString('base64') }), createLogger('silent')));
  const final = await rawValues(ds);
  expect(prefixes(final)).toEqual(['k3.']);
  for (const [k, v] of plain) expect(all.decrypt(final.get(k)!)).toBe(v);
  expect(await hashes(ds)).toEqual(hashesBefore);
  expect((await snapshot(client(ds.url))).me).toEqual(seen.me);
});
