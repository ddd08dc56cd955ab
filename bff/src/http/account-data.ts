import type { AccountDataHandler } from '../modules/account/registry';
import { IdempotencyKey } from '../db/entities';

/** Remembered answers of retried requests (they may hold personal data): deleted with the account. */
export function idempotencyAccountData(): AccountDataHandler {
  return {
    section: 'requestReplays',
    async erase(m, e) {
      await m.getRepository(IdempotencyKey).delete({ userId: e.userId });
    },
  };
}
