import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { useState } from 'react';
import { ConfirmDialog } from './ConfirmDialog';
import { SandboxCashier } from './SandboxCashier';
import { mockRequests, signIn } from '../test/helpers';
import { prepay } from '../pay/test/fixtures';
import { payOrder } from '../services/pay';
import Taro from '@tarojs/taro';
import { installOverlayHistory, openOverlayCount, overlayHistoryIdle } from '../services/overlay-back';
import { redirectTo } from '../services/navigate';

/**
 * Back closes the topmost overlay (services/overlay-back). jsdom's history stands for the
 * browser's; `browserBack` is the browser's own back button (History.prototype.go, which the app
 * does not patch), a (bubbling) listener on window registered after the install stands for Taro's router.
 */

const browserBack = () => History.prototype.go.call(window.history, -1);
const routerPops: unknown[] = [];
const router = (e: PopStateEvent) => routerPops.push(e.state);
let seq = 0;
let pageState: { idx: number; key: string };

beforeAll(() => {
  // As app.ts does: installed before the router listens, so its listener runs first.
  installOverlayHistory();
  window.addEventListener('popstate', router);
});
afterAll(() => window.removeEventListener('popstate', router));

beforeEach(async () => {
  signIn();
  // The previous page, then this page, as Taro's hash router pushes them.
  seq += 2;
  window.history.pushState({ idx: seq - 1, key: `prev-${seq}` }, '', `#/pages/prev${seq}`);
  pageState = { idx: seq, key: `page-${seq}` };
  window.history.pushState(pageState, '', `#/pages/this${seq}`);
  routerPops.length = 0;
});

afterEach(async () => {
  // Every test leaves history settled (no overlay entry, no traversal of ours on the way).
  await waitFor(() => expect(openOverlayCount()).toBe(0));
  await waitFor(() => expect(overlayHistoryIdle()).toBe(true));
});

function Page({ onCancel = () => undefined, busy = false }: { onCancel?: () => void; busy?: boolean }) {
  const [open, setOpen] = useState(false);
  return (
    <div data-testid='page'>
      <button data-testid='open' onClick={() => setOpen(true)} />
      <ConfirmDialog
        open={open}
        busy={busy}
        title='删除这位家人？'
        onConfirm={() => {
          setOpen(false);
          // 确定 navigates on at once, as pages do (navigateTo = the router's pushState).
          window.history.pushState({ idx: seq + 1, key: 'next' }, '', '#/pages/next');
        }}
        onCancel={() => {
          onCancel();
          setOpen(false);
        }}
      />
    </div>
  );
}

describe('back closes the topmost overlay (H5)', () => {
  it('an open dialog owns a history entry; back closes it and the page stays', async () => {
    const onCancel = jest.fn();
    render(<Page onCancel={onCancel} />);
    const href = window.location.href;
    fireEvent.click(screen.getByTestId('open'));
    expect(screen.getByTestId('confirm-dialog')).toBeTruthy();
    expect(window.history.state).toMatchObject({ ...pageState, __hpOverlay: expect.any(Number) });

    act(() => browserBack());

    await waitFor(() => expect(screen.queryByTestId('confirm-dialog')).toBeNull());
    expect(onCancel).toHaveBeenCalledTimes(1);
    expect(window.history.state).toEqual(pageState);
    expect(window.location.href).toBe(href);
    // The router never saw the pop: the page was not left.
    expect(routerPops).toEqual([]);
    expect(screen.getByTestId('page')).toBeTruthy();
  });

  it('closing normally pops its entry: history is as before (a next page replaces what was forward)', async () => {
    render(<Page />);
    const length = window.history.length;
    fireEvent.click(screen.getByTestId('open'));
    expect(window.history.length).toBe(length + 1);
    fireEvent.click(screen.getByTestId('confirm-cancel'));

    await waitFor(() => expect(window.history.state).toEqual(pageState));
    expect(routerPops).toEqual([]);
    // The overlay entry is gone from the stack: a new page takes its place, the length is as if
    // the dialog never pushed.
    window.history.pushState({ idx: seq + 1, key: 'n' }, '', '#/pages/n');
    expect(window.history.length).toBe(length + 1);
    // And back from this page now leaves it at once (no dead press).
    act(() => browserBack());
    await waitFor(() => expect(routerPops).toEqual([pageState]));
  });

  it('a busy dialog stays open on back and keeps its entry', async () => {
    const onCancel = jest.fn();
    const { rerender } = render(<Page onCancel={onCancel} busy />);
    fireEvent.click(screen.getByTestId('open'));
    act(() => browserBack());
    await waitFor(() => expect(window.history.state).toMatchObject({ __hpOverlay: expect.any(Number) }));
    expect(screen.getByTestId('confirm-dialog')).toBeTruthy();
    expect(onCancel).not.toHaveBeenCalled();
    expect(routerPops).toEqual([]);
    rerender(<Page onCancel={onCancel} />);
    act(() => browserBack());
    await waitFor(() => expect(screen.queryByTestId('confirm-dialog')).toBeNull());
    expect(window.history.state).toEqual(pageState);
  });

  it('navigateBack (history.go(-1)) with a dialog open closes it and leaves the page', async () => {
    const onCancel = jest.fn();
    render(<Page onCancel={onCancel} />);
    fireEvent.click(screen.getByTestId('open'));
    act(() => window.history.go(-1));
    await waitFor(() => expect(routerPops).toHaveLength(1));
    expect(routerPops[0]).toMatchObject({ idx: seq - 1 });
    expect(onCancel).toHaveBeenCalledTimes(1);
    expect(screen.queryByTestId('confirm-dialog')).toBeNull();
  });

  it('确定 that navigates on buries the entry; back from the next page shows this page and the next back leaves it', async () => {
    render(<Page />);
    fireEvent.click(screen.getByTestId('open'));
    fireEvent.click(screen.getByTestId('confirm-ok'));
    expect(window.history.state).toEqual({ idx: seq + 1, key: 'next' });

    act(() => browserBack());
    // The router shows this page again, then the dead entry is stepped off without the router.
    await waitFor(() => expect(window.history.state).toEqual(pageState));
    expect(routerPops).toHaveLength(1);
    expect(routerPops[0]).toMatchObject(pageState);
    act(() => browserBack());
    await waitFor(() => expect(routerPops).toHaveLength(2));
    expect(routerPops[1]).toMatchObject({ idx: seq - 1 });
  });

  it("确定 that redirects (the app's redirectTo) replaces the page's own entry: the dialog's entry is stepped off first", async () => {
    const stateAtRedirect: unknown[] = [];
    (Taro.redirectTo as jest.Mock).mockImplementationOnce(() => {
      stateAtRedirect.push(window.history.state);
      return Promise.resolve({ errMsg: 'redirectTo:ok' });
    });
    function RedirectingPage() {
      const [open, setOpen] = useState(false);
      return (
        <div>
          <button data-testid='open' onClick={() => setOpen(true)} />
          <ConfirmDialog
            open={open}
            title='确认预约'
            onConfirm={() => {
              setOpen(false);
              redirectTo({ url: '/vaccines/pages/appointments/index' });
            }}
            onCancel={() => setOpen(false)}
          />
        </div>
      );
    }
    render(<RedirectingPage />);
    fireEvent.click(screen.getByTestId('open'));
    expect(window.history.state).toMatchObject({ __hpOverlay: expect.any(Number) });
    fireEvent.click(screen.getByTestId('confirm-ok'));
    // Nothing is redirected while the dialog's entry is on top (it would be the one replaced).
    expect(Taro.redirectTo).not.toHaveBeenCalled();
    await waitFor(() => expect(Taro.redirectTo).toHaveBeenCalledTimes(1));
    expect(stateAtRedirect).toEqual([pageState]);
    // Our step off the entry never reached the router.
    expect(routerPops).toEqual([]);
  });
});

describe('the sandbox cashier', () => {
  const SANDBOX = 'http://127.0.0.1:18081';
  function server() {
    return mockRequests((c) => {
      if (c.url.endsWith('/api/v1/client-config')) return { status: 200, data: { env: 'development', sandboxUrl: SANDBOX } };
      const m = /\/api\/v1\/payments\/orders\/(o-\w+)\/prepay$/.exec(c.url);
      if (c.method === 'POST' && m) return { status: 200, data: prepay({ prepayId: `wx-prepay-${m[1]}`, description: `订单 ${m[1]}` }) };
      if (c.method === 'POST' && c.url === `${SANDBOX}/wechatpay/sandbox/pay`) return { status: 200, data: { result: c.data.result } };
      return undefined;
    });
  }

  it('back closes the cashier: no payment, the order stays payable, the page stays', async () => {
    const calls = server();
    render(<SandboxCashier />);
    let result: Promise<string> | undefined;
    act(() => {
      result = payOrder('o-1');
    });
    expect((await screen.findByTestId('sandbox-cashier')).getAttribute('data-order-id')).toBe('o-1');

    act(() => browserBack());

    await act(async () => {
      expect(await result).toBe('cancelled');
    });
    expect(screen.queryByTestId('sandbox-cashier')).toBeNull();
    expect(calls.filter((c) => c.url.endsWith('/wechatpay/sandbox/pay')).map((c) => c.data)).toEqual([{ prepay_id: 'wx-prepay-o-1', result: 'cancel' }]);
    expect(routerPops).toEqual([]);
    await waitFor(() => expect(window.history.state).toEqual(pageState));
  });

  it('pays only the order it was opened for: a newer sheet cancels the older, 确认支付 pays the newer', async () => {
    const calls = server();
    render(<SandboxCashier />);
    let first: Promise<string> | undefined;
    let second: Promise<string> | undefined;
    act(() => {
      first = payOrder('o-1');
    });
    await waitFor(() => expect(screen.getByTestId('sandbox-cashier').getAttribute('data-order-id')).toBe('o-1'));
    act(() => {
      second = payOrder('o-2');
    });
    await waitFor(() => expect(screen.getByTestId('sandbox-cashier').getAttribute('data-order-id')).toBe('o-2'));
    await act(async () => {
      expect(await first).toBe('cancelled');
    });
    expect(screen.getByTestId('cashier-description').textContent).toBe('订单 o-2');

    mockRequests((c) => {
      if (c.url.endsWith('/api/v1/client-config')) return { status: 200, data: { env: 'development', sandboxUrl: SANDBOX } };
      if (c.method === 'POST' && c.url === `${SANDBOX}/wechatpay/sandbox/pay`) {
        calls.push(c);
        return { status: 200, data: { result: c.data.result } };
      }
      if (c.method === 'GET' && c.url.endsWith('/api/v1/payments/orders/o-2')) return { status: 200, data: { id: 'o-2', state: 'PAID' } };
      return undefined;
    });
    await act(async () => {
      fireEvent.click(screen.getByTestId('cashier-pay'));
    });
    await act(async () => {
      expect(await second).toBe('paid');
    });
    const pays = calls.filter((c) => c.url.endsWith('/wechatpay/sandbox/pay')).map((c) => c.data);
    expect(pays).toEqual([
      { prepay_id: 'wx-prepay-o-1', result: 'cancel' },
      { prepay_id: 'wx-prepay-o-2', result: 'success' },
    ]);
    await waitFor(() => expect(window.history.state).toEqual(pageState));
  });

  it('the page unloading with the cashier open answers it 取消', async () => {
    const calls = server();
    const { unmount } = render(<SandboxCashier />);
    let result: Promise<string> | undefined;
    act(() => {
      result = payOrder('o-3');
    });
    await screen.findByTestId('sandbox-cashier');
    unmount();
    await act(async () => {
      expect(await result).toBe('cancelled');
    });
    expect(calls.filter((c) => c.url.endsWith('/wechatpay/sandbox/pay')).map((c) => c.data.result)).toEqual(['cancel']);
  });
});

describe('one state for the whole app', () => {
  // The H5 build puts a copy of each module into every subpackage's chunk.
  const copy = <T extends object>(path: string): T => {
    let mod: T | undefined;
    jest.isolateModules(() => {
      mod = jest.requireActual<T>(path);
    });
    return mod!;
  };

  it('overlays opened through two copies of overlay-back are one stack, installed once', async () => {
    const a = copy<typeof import('../services/overlay-back')>('../services/overlay-back');
    const b = copy<typeof import('../services/overlay-back')>('../services/overlay-back');
    const onBack = jest.fn();
    const close = a.openOverlay(onBack);
    expect(b.openOverlayCount()).toBe(1);
    expect(openOverlayCount()).toBe(1);
    act(() => browserBack());
    await waitFor(() => expect(onBack).toHaveBeenCalledTimes(1));
    close();
    expect(routerPops).toEqual([]);
    expect(window.history.state).toEqual(pageState);
  });

  it('a login announced through one copy of session-events reaches listeners of another', () => {
    const a = copy<typeof import('../services/session-events')>('../services/session-events');
    const b = copy<typeof import('../services/session-events')>('../services/session-events');
    const heard = jest.fn();
    const off = b.onSessionStarted(heard);
    a.emitSessionStarted();
    off();
    expect(heard).toHaveBeenCalledTimes(1);
  });

  it('a cashier opened through one copy of the pay-sheet store is the one another copy shows', async () => {
    const a = copy<typeof import('./SandboxCashier/store')>('./SandboxCashier/store');
    const b = copy<typeof import('./SandboxCashier/store')>('./SandboxCashier/store');
    const answer = a.openSandboxCashier({ orderId: 'o-9', amountFen: 100, description: 'x' });
    expect(b.paySheetState().cashier?.orderId).toBe('o-9');
    b.paySheetState().cashier!.resolve('cancel');
    await expect(answer).resolves.toEqual({ orderId: 'o-9', choice: 'cancel' });
    expect(a.paySheetState().cashier).toBeNull();
  });
});
