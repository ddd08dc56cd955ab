/**
 * The browser specs share one world and run one at a time. The team desk spec needs the first
 * automatic reply of 张伟's conversations in a 4-hour window (one per window per conversation:
 * chat-service.ts), and the doctor specs write to the same conversations, so it runs first; the
 * others keep jest's own order.
 */
const Sequencer = require('@jest/test-sequencer').default;

const FIRST = ['team-desk.e2e.ts'];

class E2eSequencer extends Sequencer {
  sort(tests) {
    const sorted = super.sort(tests);
    const first = (t) => FIRST.some((name) => t.path.endsWith(`/${name}`));
    return [...sorted.filter(first), ...sorted.filter((t) => !first(t))];
  }
}

module.exports = E2eSequencer;
