import type { EntityManager } from 'typeorm';
import type { PaymentsPort as Payments } from '../payments/port';

/** What booking reads of an order (payments' OrderRecord has these). */
export interface PaymentOrderLike {
  id: string;
  refIds: string[];
  amountFen: number;
}

/** What booking uses of payments (the payments module's one port), and of the outbox. */
export type PaymentsPort = Pick<Payments, 'registerPurpose' | 'createOrder' | 'requestRefundLater' | 'close'>;

export interface OutboxPort {
  enqueue(m: EntityManager, topic: string, payload: Record<string, unknown>, dedupeKey: string): Promise<void>;
  register<P>(topic: string, handler: (payload: P) => Promise<void>): void;
}

/** What booking tells the waitlist (inside its own transactions where `m` is given). */
export interface WaitlistHooks {
  /** Whether anyone waits for the session (a place that frees is theirs first). */
  queued(sessionId: string): Promise<boolean>;
  /** A place of the session is free at the HIS again. */
  placeFreed(sessionId: string, cause: string): Promise<void>;
  /** A held (offered) booking was paid, let lapse, or cancelled. */
  bookingEnded(m: EntityManager, bookingId: string, how: 'booked' | 'lapsed' | 'left'): Promise<void>;
  /** The patient booked the session directly: their place in its line is given up. */
  bookedDirectly(m: EntityManager, patientKey: string, sessionId: string): Promise<void>;
}
