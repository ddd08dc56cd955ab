import { SeqCursor } from './seq-cursor';

describe('SeqCursor', () => {
  it('advances over messages in order', () => {
    const c = new SeqCursor();
    [1, 2, 3].forEach((s) => c.see(s));
    expect(c.complete).toBe(3);
    expect(c.hasGap).toBe(false);
  });

  it('stops at a hole and catches up from before it, however far later messages run', () => {
    const c = new SeqCursor();
    [1, 2, 4, 5, 6].forEach((s) => c.see(s));
    expect(c.complete).toBe(2);
    expect(c.hasGap).toBe(true);
    c.see(3);
    expect(c.complete).toBe(6);
    expect(c.hasGap).toBe(false);
  });

  it('takes messages out of order and repeated', () => {
    const c = new SeqCursor();
    [2, 1, 1, 3, 2].forEach((s) => c.see(s));
    expect(c.complete).toBe(3);
  });

  it('starts after a page of history that does not begin at 1', () => {
    const c = new SeqCursor();
    c.reset(70);
    [71, 72].forEach((s) => c.see(s));
    expect(c.complete).toBe(72);
    c.see(50);
    expect(c.complete).toBe(72);
    expect(c.hasGap).toBe(false);
  });
});
