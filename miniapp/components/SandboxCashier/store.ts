/**
 * The state behind the payment sheets that payOrder() drives: the H5 sandbox cashier (standing in
 * for WeChat's own sheet, which H5 does not have) and the "支付结果确认中" overlay. PageShell mounts
 * <SandboxCashier/> on every page, so any page can call payOrder() without wiring anything.
 */
export interface CashierRequest {
  amountFen: number;
  description: string;
}

export type CashierChoice = 'success' | 'cancel';

export interface PaySheetState {
  cashier: (CashierRequest & { resolve: (c: CashierChoice) => void }) | null;
  confirming: boolean;
}

let state: PaySheetState = { cashier: null, confirming: false };
const listeners = new Set<(s: PaySheetState) => void>();

function set(next: Partial<PaySheetState>) {
  state = { ...state, ...next };
  listeners.forEach((fn) => fn(state));
}

export function paySheetState(): PaySheetState {
  return state;
}

export function subscribePaySheet(fn: (s: PaySheetState) => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** Opens the sandbox cashier; resolves with the resident's choice (确认支付 / 取消). */
export function openSandboxCashier(req: CashierRequest): Promise<CashierChoice> {
  // A sheet still open from an abandoned call is answered "cancel" first.
  state.cashier?.resolve('cancel');
  return new Promise((resolve) => {
    set({
      cashier: {
        ...req,
        resolve: (c) => {
          set({ cashier: null });
          resolve(c);
        },
      },
    });
  });
}

export function setConfirming(confirming: boolean): void {
  set({ confirming });
}
