import { randomBytes } from 'node:crypto';
import { FieldCrypto, fieldHashKeyOf } from './field-crypto';

describe('field encryption', () => {
  const fc = new FieldCrypto(randomBytes(32));

  it('round-trips and never repeats a ciphertext', () => {
    const a = fc.encrypt('11010519491231002X');
    const b = fc.encrypt('11010519491231002X');
    expect(a).not.toBe(b);
    expect(fc.decrypt(a)).toBe('11010519491231002X');
  });

  it('refuses a ciphertext with one flipped bit', () => {
    const token = fc.encrypt('13800138000');
    const buf = Buffer.from(token.slice(3), 'base64');
    buf[buf.length - 1] ^= 1;
    expect(() => fc.decrypt(`v1.${buf.toString('base64')}`)).toThrow();
  });

  it('gives a stable keyed hash that differs under another key', () => {
    expect(fc.hash('110101199003077838')).toBe(fc.hash('110101199003077838'));
    expect(new FieldCrypto(randomBytes(32)).hash('110101199003077838')).not.toBe(fc.hash('110101199003077838'));
  });
});

describe('versioned keys', () => {
  const k1 = randomBytes(32);
  const k2 = randomBytes(32);
  const only1 = new FieldCrypto(k1);
  const rotated = new FieldCrypto({
    current: 2,
    keys: new Map([
      [1, k1],
      [2, k2],
    ]),
    hashKey: fieldHashKeyOf(k1),
  });

  it('reads the first format under key 1 and writes the current key, naming its version', () => {
    const old = only1.encrypt('13800138000');
    expect(old.startsWith('v1.')).toBe(true);
    expect(rotated.decrypt(old)).toBe('13800138000');
    const fresh = rotated.encrypt('13800138000');
    expect(fresh.startsWith('k2.')).toBe(true);
    expect(rotated.versionOf(fresh)).toBe(2);
    expect(rotated.decrypt(fresh)).toBe('13800138000');
    expect(() => only1.decrypt(fresh)).toThrow('field key version 2 is not configured');
  });

  it('binds the version into the ciphertext: another prefix does not decrypt', () => {
    const k3 = randomBytes(32);
    const three = new FieldCrypto({
      current: 3,
      keys: new Map([
        [1, k1],
        [2, k2],
        [3, k3],
      ]),
      hashKey: fieldHashKeyOf(k1),
    });
    const token = three.encrypt('x');
    expect(() => three.decrypt(`k2.${token.slice(3)}`)).toThrow();
  });

  it('keeps the look-up hash across a rotation (the hash key is derived from key 1, or set as FIELD_HASH_KEY)', () => {
    expect(rotated.hash('110101199003077838')).toBe(only1.hash('110101199003077838'));
    const without1 = new FieldCrypto({ current: 2, keys: new Map([[2, k2]]), hashKey: fieldHashKeyOf(k1) });
    expect(without1.hash('110101199003077838')).toBe(only1.hash('110101199003077838'));
  });

  it('reads plaintext rows of a column encrypted later as they are, ciphertext decrypted', () => {
    expect(rotated.decryptOrPlaintext('医生您好')).toBe('医生您好');
    expect(rotated.decryptOrPlaintext('v1.2 版本的药')).toBe('v1.2 版本的药');
    const lookalike = `k2.${Buffer.alloc(40, 1).toString('base64')}`;
    expect(rotated.decryptOrPlaintext(lookalike)).toBe(lookalike);
    expect(rotated.decryptOrPlaintext(only1.encrypt('早上测的是150/95'))).toBe('早上测的是150/95');
    expect(rotated.versionOf('医生您好')).toBeNull();
    // A ciphertext under a key that is not configured is a misconfiguration, not text.
    expect(() => only1.decryptOrPlaintext(rotated.encrypt('x'))).toThrow('field key version 2 is not configured');
  });
});
