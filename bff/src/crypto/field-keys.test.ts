import { randomBytes } from 'node:crypto';
import { DEV_FIELD_KEY, loadConfig } from '../config';
import { freshSandboxPayKeys } from '../../sandbox/wechatpay/keys';
import { PRODUCTION_BASE_ENV, REAL_UPSTREAMS_ENV, refusal } from '../../test/config-fixtures';
import { FieldCrypto, fieldHashKeyOf } from './field-crypto';

const prodEnv = { ...PRODUCTION_BASE_ENV, ...freshSandboxPayKeys({ mchid: '1612345678', sandbox: false }).env };
const K1 = PRODUCTION_BASE_ENV.FIELD_ENCRYPTION_KEY;
const K2 = 'shZ1LGUzW000J9d48NHZEeJe6BjVtKIuOh7RtCtyMLk=';
const k2 = randomBytes(32).toString('base64');

describe('field keys: FIELD_KEYS, FIELD_KEY_CURRENT, FIELD_HASH_KEY', () => {
  it('takes the single FIELD_ENCRYPTION_KEY as version 1, current', () => {
    const ring = loadConfig({ FIELD_ENCRYPTION_KEY: K1 }).fieldKeys;
    expect([ring.current, [...ring.keys.keys()]]).toEqual([1, [1]]);
    expect(ring.hashKey.equals(fieldHashKeyOf(Buffer.from(K1, 'base64')))).toBe(true);
  });

  it('takes numbered keys with the current one, the old variable joining as version 1', () => {
    const ring = loadConfig({ FIELD_ENCRYPTION_KEY: K1, FIELD_KEYS: `2:${k2}`, FIELD_KEY_CURRENT: '2' }).fieldKeys;
    expect([ring.current, [...ring.keys.keys()].sort()]).toEqual([2, [1, 2]]);
    const same = loadConfig({ FIELD_KEYS: `2:${k2}, 1:${K1}`, FIELD_KEY_CURRENT: '2' }).fieldKeys;
    expect(new FieldCrypto(same).hash('x')).toBe(new FieldCrypto(ring).hash('x'));
  });

  it('refuses several keys without a current one, or a current one that is not there', () => {
    expect(refusal({ FIELD_KEYS: `2:${k2},1:${K1}` })).toContain('FIELD_KEY_CURRENT must name');
    expect(refusal({ FIELD_KEYS: `2:${k2},1:${K1}`, FIELD_KEY_CURRENT: '3' })).toContain('FIELD_KEY_CURRENT is 3');
  });

  it('refuses malformed entries, a version twice, and two different keys for version 1', () => {
    expect(refusal({ FIELD_KEYS: `two:${k2}` })).toContain('FIELD_KEYS: each entry');
    expect(refusal({ FIELD_KEYS: '2:abc' })).toContain('FIELD_KEYS version 2 must be 32 bytes');
    expect(refusal({ FIELD_KEYS: `2:${k2},2:${K1}` })).toContain('version 2 twice');
    expect(refusal({ FIELD_ENCRYPTION_KEY: K1, FIELD_KEYS: `1:${k2}` })).toContain('FIELD_KEYS gives version 1 another key');
  });

  it('keeps the look-up key when key 1 leaves: FIELD_HASH_KEY is required then, and must match key 1 while both are set', () => {
    expect(refusal({ FIELD_KEYS: `2:${k2}` })).toContain('FIELD_HASH_KEY must be set');
    const hashKey = fieldHashKeyOf(Buffer.from(K1, 'base64')).toString('base64');
    const ring = loadConfig({ FIELD_KEYS: `2:${k2}`, FIELD_HASH_KEY: hashKey }).fieldKeys;
    expect(new FieldCrypto(ring).hash('110101199003077838')).toBe(new FieldCrypto(Buffer.from(K1, 'base64')).hash('110101199003077838'));
    expect(refusal({ FIELD_ENCRYPTION_KEY: K1, FIELD_HASH_KEY: randomBytes(32).toString('base64') })).toContain('FIELD_HASH_KEY is not the look-up key of key version 1');
    expect(loadConfig({ FIELD_ENCRYPTION_KEY: K1, FIELD_HASH_KEY: hashKey }).fieldKeys.keys.size).toBe(1);
  });

  it('production refuses a weak or development key anywhere in the set, naming it', () => {
    expect(loadConfig({ ...prodEnv, FIELD_KEYS: `2:${K2}`, FIELD_KEY_CURRENT: '2' }).fieldKeys.current).toBe(2);
    expect(refusal({ ...prodEnv, FIELD_KEYS: `2:${Buffer.alloc(32, 0).toString('base64')}`, FIELD_KEY_CURRENT: '2' })).toMatch(/FIELD_KEYS version 2 (is|has)/);
    expect(refusal({ ...prodEnv, FIELD_KEYS: `2:${DEV_FIELD_KEY}`, FIELD_KEY_CURRENT: '2' })).toContain('FIELD_KEYS version 2 is the development key');
    expect(refusal({ ...prodEnv, FIELD_ENCRYPTION_KEY: undefined, FIELD_KEYS: `2:${K2}`, FIELD_HASH_KEY: Buffer.alloc(32, 1).toString('base64') })).toMatch(/FIELD_HASH_KEY (is|has)/);
    expect(refusal({ ...prodEnv, FIELD_ENCRYPTION_KEY: undefined })).toContain('FIELD_ENCRYPTION_KEY is missing');
  });

  it('outside production, the development key in FIELD_KEYS (or its look-up key) is refused against real upstreams', () => {
    const jwt = PRODUCTION_BASE_ENV.JWT_SECRET;
    expect(refusal({ ...REAL_UPSTREAMS_ENV, JWT_SECRET: jwt, FIELD_KEYS: `2:${DEV_FIELD_KEY}`, FIELD_HASH_KEY: fieldHashKeyOf(Buffer.from(K1, 'base64')).toString('base64') })).toContain(
      'FIELD_KEYS version 2',
    );
    const devHash = fieldHashKeyOf(Buffer.from(DEV_FIELD_KEY, 'base64')).toString('base64');
    expect(refusal({ ...REAL_UPSTREAMS_ENV, JWT_SECRET: jwt, FIELD_KEYS: `2:${K2}`, FIELD_HASH_KEY: devHash })).toContain('FIELD_HASH_KEY');
    expect(loadConfig({ ...REAL_UPSTREAMS_ENV, JWT_SECRET: jwt, FIELD_KEYS: `2:${K2},1:${K1}`, FIELD_KEY_CURRENT: '2' }).fieldKeys.current).toBe(2);
  });
});
