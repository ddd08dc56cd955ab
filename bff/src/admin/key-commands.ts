import type { Services } from '../services';
import { cipherPrefix } from '../crypto/field-crypto';

export const KEY_USAGE = 'keys | reencrypt | retire <version> | hash-key';

/**
 * Field-key rotation from the command line (README "Rotating the field key"):
 *   keys              the current key and how many rows each key version encrypts
 *   reencrypt         rewrites every encrypted column under the current key (resumable; also a periodic job)
 *   retire <version>  exit 0 when no row uses that version any more (then remove it from FIELD_KEYS), else 1
 *   hash-key          prints the look-up key for FIELD_HASH_KEY (set it before key 1 leaves)
 * Returns false for a command that is not one of these.
 */
export async function keyCommand(services: Services, cmd: string | undefined, arg: string | undefined): Promise<boolean> {
  const { crypto, keyRotation } = services;
  if (cmd === 'keys') {
    console.log(`current key: ${crypto.currentVersion} (configured: ${crypto.versions.join(', ')})`);
    for (const u of await keyRotation.usage()) {
      const parts = Object.entries(u.byVersion).map(([v, n]) => `${cipherPrefix(Number(v))} ${n}`);
      console.log(`  ${u.table}.${u.column}: ${parts.join(', ')}, other ${u.other}`);
    }
  } else if (cmd === 'reencrypt') {
    const r = await keyRotation.reencrypt();
    console.log(`re-encrypted under key ${crypto.currentVersion}: ${r.rewritten} rewritten, ${r.sealed} plaintext sealed, ${r.failed} unreadable`);
    if (r.failed) {
      console.error('some rows could not be read (see the log lines above): they still use their old key');
      process.exitCode = 1;
    }
  } else if (cmd === 'retire' && arg && /^\d+$/.test(arg)) {
    const version = Number(arg);
    const r = await keyRotation.retire(version);
    if (r.ok) {
      console.log(`key ${version} is not used by any row: remove it from ${version === 1 ? 'FIELD_KEYS / FIELD_ENCRYPTION_KEY (set FIELD_HASH_KEY first: npm run admin -- hash-key)' : 'FIELD_KEYS'}`);
    } else {
      console.error(`refusing to retire key ${version}: ${r.reason}`);
      for (const u of r.inUse) console.error(`  ${u.table}.${u.column}: ${u.rows}`);
      process.exitCode = 1;
    }
  } else if (cmd === 'hash-key') {
    console.error('FIELD_HASH_KEY (a secret: put it in the secret store, not a ticket):');
    console.log(services.config.fieldKeys.hashKey.toString('base64'));
  } else return false;
  return true;
}
