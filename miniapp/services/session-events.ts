/**
 * "A resident just logged in" (the login page, or a re-login after the session expired mid-flow).
 * useRequest listens: every page still open loads its data again for the new session, so the page
 * the resident returns to shows its content instead of 请先登录 / 重试.
 * Kept free of other imports so any layer can use it.
 */
type Listener = () => void;
// On the window, not per module: the H5 build has a copy of this module in every subpackage's
// chunk, and a login in one chunk must reach the pages of all of them.
const g = globalThis as unknown as { __hpSessionStarted?: Set<Listener> };
const listeners = (g.__hpSessionStarted ??= new Set<Listener>());

export function onSessionStarted(fn: Listener): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

export function emitSessionStarted(): void {
  [...listeners].forEach((fn) => fn());
}
