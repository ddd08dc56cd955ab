import { act, render, screen } from '@testing-library/react';
import { useRequest } from './useRequest';
import { usePollWhile } from './usePollWhile';

/** A refund that WeChat Pay completes on the server's third answer. */
function Refund({ fn, maxTries }: { fn: () => Promise<string>; maxTries?: number }) {
  const r = useRequest(fn, []);
  usePollWhile(r.data === 'PROCESSING', r.reload, { firstMs: 1000, maxMs: 4000, maxTries });
  return <span data-testid='state'>{r.data ?? ''}</span>;
}

const flush = () => act(async () => undefined);
const advance = (ms: number) => act(async () => void jest.advanceTimersByTime(ms));

describe('usePollWhile', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('looks again at doubling intervals while in progress, and stops once done', async () => {
    const fn = jest.fn().mockResolvedValueOnce('PROCESSING').mockResolvedValueOnce('PROCESSING').mockResolvedValue('SUCCESS');
    render(<Refund fn={fn} />);
    await flush();
    expect(fn).toHaveBeenCalledTimes(1);
    await advance(999);
    expect(fn).toHaveBeenCalledTimes(1);
    await advance(1);
    expect(fn).toHaveBeenCalledTimes(2);
    // The second look comes 2 s after the second answer, not 1 s.
    await advance(1999);
    expect(fn).toHaveBeenCalledTimes(2);
    await advance(1);
    expect(fn).toHaveBeenCalledTimes(3);
    expect(screen.getByTestId('state').textContent).toBe('SUCCESS');
    await advance(60_000);
    expect(fn).toHaveBeenCalledTimes(3);
  });

  it('gives up after maxTries looks in a row', async () => {
    const fn = jest.fn().mockResolvedValue('PROCESSING');
    render(<Refund fn={fn} maxTries={3} />);
    await flush();
    for (let i = 0; i < 10; i++) await advance(4000);
    expect(fn).toHaveBeenCalledTimes(4);
  });

  it('never looks when nothing is in progress', async () => {
    const fn = jest.fn().mockResolvedValue('SUCCESS');
    render(<Refund fn={fn} />);
    await flush();
    await advance(60_000);
    expect(fn).toHaveBeenCalledTimes(1);
  });
});
