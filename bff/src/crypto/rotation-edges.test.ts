import { randomBytes } from 'node:crypto';
import { startStack, type Stack } from '../../test/harness';
import { newId } from '../db/columns';
import { User } from '../db/entities';
import { ChatMessage } from '../modules/doctor/entities';
import { FieldCrypto } from './field-crypto';

jest.setTimeout(60_000);

const K1 = randomBytes(32);
const K2 = randomBytes(32).toString('base64');
const key1 = new FieldCrypto(K1);

let s: Stack;
beforeAll(async () => {
  // Key 2 is current; the job is left to the test.
  s = await startStack({ FIELD_ENCRYPTION_KEY: K1.toString('base64'), FIELD_KEYS: `2:${K2}`, FIELD_KEY_CURRENT: '2', FIELD_REENCRYPT_INTERVAL_MS: '0' });
});
afterAll(() => s.close());

const conversationId = newId();
async function chatRow(text: string): Promise<string> {
  const id = newId();
  const seq = (await s.bff.services.ds.getRepository(ChatMessage).countBy({ conversationId })) + 1;
  await s.bff.services.ds
    .getRepository(ChatMessage)
    .insert({ id, conversationId, seq, senderUserId: conversationId, senderRole: 'system', senderName: '系统消息', clientId: `edge-${seq}`, kind: 'system', text, imageId: null });
  return id;
}
async function rawText(id: string): Promise<string> {
  const ds = s.bff.services.ds;
  const rows: Array<{ v: string }> = await ds.query(`SELECT ${ds.driver.escape('text')} AS v FROM ${ds.driver.escape('chat_messages')} WHERE id = ?`, [id]);
  return rows[0].v;
}

describe('re-encryption edge cases', () => {
  it('compares prefixes byte for byte, seals look-alike plaintext, and leaves an unreadable row for the operator', async () => {
    const rotation = s.bff.services.keyRotation;
    // Plaintext chat that starts like a prefix in another case: not key 1's, and not current either.
    const upperV1 = await chatRow('V1.大写开头的明文');
    const upperK2 = await chatRow('K2. 也是明文');
    // Plaintext shaped exactly like a key-1 ciphertext: it counts for key 1 until sealed.
    const lookalike = `v1.${Buffer.alloc(40, 7).toString('base64')}`;
    const lookalikeId = await chatRow(lookalike);
    const old = await chatRow(key1.encrypt('旧密钥下的消息'));
    // An ID-number column never holds plaintext: a broken value there is reported, not sealed.
    const broken = `v1.${Buffer.alloc(40, 9).toString('base64')}`;
    const userId = newId();
    await s.bff.services.ds.getRepository(User).insert({
      id: userId,
      openid: `edge_${userId.slice(0, 8)}`,
      unionid: null,
      roles: ['resident'],
      sessionKeyEnc: null,
      name: null,
      idNumberEnc: null,
      idNumberHash: null,
      phoneEnc: broken,
      sex: null,
      birthDate: null,
      realNameVerifiedAt: null,
      doctorId: null,
    });

    const refused = await rotation.retire(1);
    expect(refused).toMatchObject({ ok: false });
    expect(refused.ok === false && refused.inUse).toEqual([
      { table: 'users', column: 'phoneEnc', rows: 1 },
      { table: 'chat_messages', column: 'text', rows: 2 },
    ]);

    const r = await rotation.reencrypt();
    expect(r).toEqual({ rewritten: 1, sealed: 3, failed: 1, more: false });
    const crypto = s.bff.services.crypto;
    for (const [id, text] of [
      [upperV1, 'V1.大写开头的明文'],
      [upperK2, 'K2. 也是明文'],
      [lookalikeId, lookalike],
      [old, '旧密钥下的消息'],
    ]) {
      const stored = await rawText(id);
      expect(stored.startsWith('k2.')).toBe(true);
      expect(crypto.decrypt(stored)).toBe(text);
    }
    expect((await s.bff.services.ds.getRepository(User).findOneByOrFail({ id: userId })).phoneEnc).toBe(broken);
    expect(await rotation.retire(1)).toEqual({ ok: false, reason: expect.stringContaining('1 row(s) still use key 1'), inUse: [{ table: 'users', column: 'phoneEnc', rows: 1 }] });

    // The operator removes the broken value: key 1 may go.
    await s.bff.services.ds.getRepository(User).update({ id: userId }, { phoneEnc: null });
    expect(await rotation.retire(1)).toEqual({ ok: true });
  });

  it('two runs at once rewrite each row once (conditional updates), and leave every value readable', async () => {
    const rotation = s.bff.services.keyRotation;
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) ids.push(await chatRow(key1.encrypt(`消息 ${i}`)));
    const [a, b] = await Promise.all([rotation.reencrypt(), rotation.reencrypt()]);
    expect(a.rewritten + b.rewritten).toBe(30);
    expect(a.failed + b.failed).toBe(0);
    for (const [i, id] of ids.entries()) expect(s.bff.services.crypto.decrypt(await rawText(id))).toBe(`消息 ${i}`);
  });
});
