/**
 * Where a conversation's catch-up starts: the highest seq up to which every message is here.
 * Messages can arrive out of order (two instances publish concurrently) or with a hole (one was
 * published while the socket was away); catching up from the highest seq seen would skip the
 * hole for good, catching up from this one fills it.
 */
export class SeqCursor {
  private upTo = 0;
  private readonly ahead = new Set<number>();

  /** Everything up to `seq` is here (a fresh page of history that starts after `seq`). */
  reset(seq: number) {
    this.upTo = seq;
    this.ahead.clear();
  }

  see(seq: number) {
    if (seq > this.upTo) this.ahead.add(seq);
    while (this.ahead.delete(this.upTo + 1)) this.upTo++;
  }

  /** Catch up after this seq. */
  get complete(): number {
    return this.upTo;
  }

  /** Something between what is complete and what was seen is missing. */
  get hasGap(): boolean {
    return this.ahead.size > 0;
  }
}
