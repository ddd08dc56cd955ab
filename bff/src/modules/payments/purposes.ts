import type { PaymentPurpose } from '@healthpocket/shared-types';
import type { MemberPurpose } from '../../policies/member-access';
import type { PurposeHandlers } from './port';

/**
 * What the member policy must still grant, for the order's member, to whoever reads, pays or
 * cancels an order (besides being the user who created it):
 * - registration: the fee of a booking, which booking for the member allows (book);
 * - bill: 代办挂号与缴费 (proxy);
 * - vaccine: paying it is 代办 (proxy), and its description names the vaccine, which is the
 *   member's health information, like the appointment itself (health);
 * - inpatient: a deposit top-up is 代办缴费 (proxy), like a bill.
 */
export const ORDER_MEMBER_PURPOSES: Record<PaymentPurpose, readonly MemberPurpose[]> = {
  registration: ['book'],
  bill: ['proxy'],
  vaccine: ['proxy', 'health'],
  inpatient: ['proxy'],
};

export class PurposeRegistry {
  private readonly map = new Map<PaymentPurpose, PurposeHandlers>();

  register(purpose: PaymentPurpose, handlers: PurposeHandlers): void {
    if (this.map.has(purpose)) throw new Error(`payment purpose ${purpose} is already registered`);
    this.map.set(purpose, handlers);
  }

  has(purpose: PaymentPurpose): boolean {
    return this.map.has(purpose);
  }

  get(purpose: PaymentPurpose): PurposeHandlers {
    const h = this.map.get(purpose);
    // A transition for an unregistered purpose would lose the purpose's side of it: refuse (and retry later).
    if (!h) throw new Error(`no handlers registered for payment purpose ${purpose}`);
    return h;
  }
}
