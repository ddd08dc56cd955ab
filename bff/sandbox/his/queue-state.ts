/**
 * The HIS's 分诊排队叫号 queue, one per clinic session (a doctor's half-day). Modelled on how
 * hospital queue systems work (bff/sandbox/API.md, "HIS queue"): a patient joins when they check in
 * (签到/报到), ordered by 就诊序号; the doctor calls the next patient; a called patient who does
 * not come is 过号 (missed) and, on checking in again, is re-queued REQUEUE_AFTER places behind
 * the head of the queue (过号顺延), not at the end. Synchronous like the ledger: no await between
 * reading the queue and changing it.
 */
const REQUEUE_AFTER = 3;

export type QueueState = 'not_checked_in' | 'waiting' | 'called' | 'missed' | 'done';

export interface SessionQueue {
  sessionId: string;
  room: string;
  /** Appointment ids in the order they will be called. */
  waiting: string[];
  calling: string | null;
  missed: Set<string>;
  done: Set<string>;
  requeued: Set<string>;
  lastCallAt: number | null;
}

export class Queues {
  private readonly bySession = new Map<string, SessionQueue>();

  of(sessionId: string, room: string): SessionQueue {
    let q = this.bySession.get(sessionId);
    if (!q) {
      q = { sessionId, room, waiting: [], calling: null, missed: new Set(), done: new Set(), requeued: new Set(), lastCallAt: null };
      this.bySession.set(sessionId, q);
    }
    return q;
  }

  existing(sessionId: string): SessionQueue | undefined {
    return this.bySession.get(sessionId);
  }

  all(): IterableIterator<SessionQueue> {
    return this.bySession.values();
  }

  /** The session is emptied (sandbox reset). */
  drop(sessionId: string) {
    this.bySession.delete(sessionId);
  }
}

/**
 * Joins the queue on check-in. Repeating it changes nothing; after a 过号 it re-queues the patient
 * REQUEUE_AFTER places behind the head. Returns whether the queue changed.
 */
export function join(q: SessionQueue, a: { id: string; visitNo: number }, visitNoOf: (id: string) => number): boolean {
  if (q.calling === a.id || q.done.has(a.id) || q.waiting.includes(a.id)) return false;
  if (q.missed.delete(a.id)) {
    q.requeued.add(a.id);
    q.waiting.splice(Math.min(REQUEUE_AFTER, q.waiting.length), 0, a.id);
    return true;
  }
  // By 就诊序号, behind anyone re-queued ahead of that place.
  let i = q.waiting.length;
  while (i > 0 && !q.requeued.has(q.waiting[i - 1]) && visitNoOf(q.waiting[i - 1]) > a.visitNo) i--;
  q.waiting.splice(i, 0, a.id);
  return true;
}

/** The doctor calls the next patient; the one being called is seen (done) or, with `missed`, 过号. */
export function callNext(q: SessionQueue, now: number, o: { missed?: boolean } = {}): string | null {
  if (q.calling) (o.missed ? q.missed : q.done).add(q.calling);
  q.calling = q.waiting.shift() ?? null;
  q.lastCallAt = now;
  return q.calling;
}

/** `ahead` counts the patients still waiting before this one (not the one in the room). */
export function positionOf(q: SessionQueue | undefined, id: string): { state: QueueState; ahead: number | null; requeued: boolean } {
  if (!q) return { state: 'not_checked_in', ahead: null, requeued: false };
  const requeued = q.requeued.has(id);
  if (q.calling === id) return { state: 'called', ahead: 0, requeued };
  if (q.done.has(id)) return { state: 'done', ahead: null, requeued };
  if (q.missed.has(id)) return { state: 'missed', ahead: null, requeued };
  const i = q.waiting.indexOf(id);
  if (i >= 0) return { state: 'waiting', ahead: i, requeued };
  return { state: 'not_checked_in', ahead: null, requeued: false };
}
