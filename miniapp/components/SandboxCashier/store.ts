/**
 * The state behind the payment sheets that payOrder() drives: the H5 sandbox cashier (standing in
 * for WeChat's own sheet, which H5 does not have) and the "支付结果确认中" overlay. PageShell mounts
 * <SandboxCashier/> on every page, so any page can call payOrder() without wiring anything.
 */
export interface CashierRequest {
  /** The order this sheet pays: its answer names it, so it can never pay another one. */
  orderId: string;
  amountFen: number;
  description: string;
}

type CashierChoice = 'success' | 'cancel';

export interface CashierAnswer {
  orderId: string;
  choice: CashierChoice;
}

export interface PaySheetState {
  cashier: (CashierRequest & { resolve: (c: CashierChoice) => void }) | null;
  confirming: boolean;
}

// One store for the whole app, on the window: the H5 build has a copy of this module in every
// subpackage's chunk, and a sheet opened through one copy must be the one every page knows of.
interface Store {
  state: PaySheetState;
  listeners: Set<(s: PaySheetState) => void>;
}
const g = globalThis as unknown as { __hpPaySheet?: Store };
const store = (g.__hpPaySheet ??= { state: { cashier: null, confirming: false }, listeners: new Set() });
const listeners = store.listeners;

function set(next: Partial<PaySheetState>) {
  store.state = { ...store.state, ...next };
  listeners.forEach((fn) => fn(store.state));
}

export function paySheetState(): PaySheetState {
  return store.state;
}

export function subscribePaySheet(fn: (s: PaySheetState) => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** Opens the sandbox cashier; resolves with the resident's choice (确认支付 / 取消) for req.orderId. */
export function openSandboxCashier(req: CashierRequest): Promise<CashierAnswer> {
  // A sheet still open from an abandoned call is answered "cancel" first.
  store.state.cashier?.resolve('cancel');
  return new Promise((resolve) => {
    let answered = false;
    const sheet = {
      ...req,
      resolve: (c: CashierChoice) => {
        if (answered) return;
        answered = true;
        // Only this request's sheet is cleared: a newer one may already be showing.
        if (store.state.cashier === sheet) set({ cashier: null });
        resolve({ orderId: req.orderId, choice: c });
      },
    };
    set({ cashier: sheet });
  });
}

export function setConfirming(confirming: boolean): void {
  set({ confirming });
}
