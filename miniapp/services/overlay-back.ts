/**
 * Back closes the topmost sheet or dialog first (H5).
 *
 * While an overlay is open it owns one browser history entry of its own, pushed on top of the
 * page's entry with the same URL (and a copy of the router's state, so Taro's router keeps its
 * index). A popstate that leaves such an entry closes the overlay instead of reaching the router:
 * browser back, Android's back gesture and `history.back()` all close the sheet and the page stays.
 * Closing an overlay normally (its own buttons) pops its entry again, so history is as it was.
 *
 * Taro's navigations must never land on an overlay entry by mistake:
 * - navigateBack (history.go(-n)) while our entries are on top skips them, so it leaves the page;
 * - a navigation that happens right when an overlay closes (navigateTo after 确定) buries the entry;
 *   when back later lands on such a dead entry the router shows its page, and the entry is stepped
 *   off at once, so the next back leaves the page as usual.
 *
 * In the weapp there is no history: useBackCloses closes the overlay when its page hides or
 * unloads, so no sheet survives a navigation.
 */

const MARKER = '__hpOverlay';

interface Overlay {
  id: number;
  /** Back pressed while this overlay is on top. Return false to keep it open (e.g. busy). */
  onBack: () => boolean | void;
}

/**
 * One state for the whole app. The H5 build puts a copy of this module into every subpackage's
 * chunk; a module-level state would exist once per copy, each patching history and listening on
 * its own. The state (and the one install) live on the window instead.
 */
interface State {
  seq: number;
  /** Open overlays, bottom first. */
  open: Overlay[];
  /** Ids of our entries in history above the page's entry, bottom first (open or closing). */
  entries: number[];
  /** Traversals we started ourselves: their popstate is ours, the router must not see it. */
  ownPops: number;
  /** What had to wait for one of our traversals to arrive (pushes, the app's go). */
  deferred: Array<() => void>;
  settleTimer: ReturnType<typeof setTimeout> | undefined;
  installed: boolean;
  rawPush: (data: unknown, unused: string, url?: string | URL | null) => void;
  rawGo: (delta?: number) => void;
}

const GLOBAL_KEY = '__hpOverlayBack';
function shared(): State {
  const g = globalThis as unknown as Record<string, State | undefined>;
  return (g[GLOBAL_KEY] ??= {
    seq: 0,
    open: [],
    entries: [],
    ownPops: 0,
    deferred: [],
    settleTimer: undefined,
    installed: false,
    rawPush: () => undefined,
    rawGo: () => undefined,
  });
}
const S = shared();

function overlayHistoryEnabled(): boolean {
  return process.env.TARO_ENV === 'h5' && typeof window !== 'undefined' && typeof window.history?.pushState === 'function';
}

function markerOf(state: unknown): number | undefined {
  const v = state && typeof state === 'object' ? (state as Record<string, unknown>)[MARKER] : undefined;
  return typeof v === 'number' ? v : undefined;
}

const currentMarker = () => markerOf(window.history.state);

function ownGo(delta: number): void {
  S.ownPops++;
  S.rawGo(delta);
}

/**
 * Installs the history hooks. app.ts calls it when the app module loads, before Taro's router
 * creates its history: a popstate listener registered first runs first, so our pops never reach the
 * router (Chromium does not reliably run a window's capture listeners before its bubble ones).
 */
export function installOverlayHistory(): void {
  if (overlayHistoryEnabled()) install();
}

function install(): void {
  if (S.installed) return;
  S.installed = true;
  const h = window.history;
  S.rawPush = h.pushState.bind(h);
  S.rawGo = h.go.bind(h);
  const rawReplace = h.replaceState.bind(h);

  // The router pushes or replaces (navigateTo, redirectTo…): our entries end up below the new
  // page or are replaced. They are dead: the overlays close with their page (useBackCloses).
  h.pushState = (data, unused, url) => {
    S.entries = [];
    S.rawPush(data, unused, url);
  };
  h.replaceState = (data, unused, url) => {
    if (currentMarker() !== undefined) S.entries = [];
    rawReplace(data, unused, url);
  };
  // navigateBack is history.go(-n): from one of our entries, skip them so it leaves the page.
  h.go = (delta = 0) => {
    if (S.ownPops > 0) {
      S.deferred.push(() => h.go(delta));
      return;
    }
    S.rawGo(delta < 0 ? delta - leaveEntries() : delta);
  };
  h.back = () => h.go(-1);
  h.forward = () => h.go(1);

  // Registered before the router's own popstate listener (installOverlayHistory), so it runs first.
  window.addEventListener('popstate', onPopState, true);
}

/**
 * Leaving the page from one of our entries: its overlays are dismissed and our entries forgotten.
 * Returns how many of them were above the page's entry (0 when the page's own entry is current).
 */
function leaveEntries(): number {
  const m = currentMarker();
  const above = m === undefined ? 0 : S.entries.indexOf(m) + 1;
  if (above > 0) {
    S.entries = [];
    dismissAll();
  }
  return above;
}

function dismissAll(): void {
  for (const o of S.open.splice(0).reverse()) o.onBack();
}

function onPopState(e: PopStateEvent): void {
  if (S.ownPops > 0) {
    S.ownPops--;
    e.stopImmediatePropagation();
    if (S.ownPops === 0) {
      const run = S.deferred;
      S.deferred = [];
      run.forEach((fn) => fn());
      scheduleSettle();
    }
    return;
  }
  const m = markerOf(e.state);
  if (S.entries.length) {
    const at = m === undefined ? -1 : S.entries.indexOf(m);
    if (at === S.entries.length - 1) return; // forward onto our own top entry: nothing changes
    // Back from one of our entries: close the overlays above the entry we arrived at.
    e.stopImmediatePropagation();
    const left = S.entries.splice(at + 1);
    for (let i = S.open.length - 1; i >= 0; i--) {
      const o = S.open[i];
      if (!left.includes(o.id)) continue;
      if (o.onBack() === false) {
        // The overlay stays (busy): give it its entry back.
        S.rawPush({ ...(window.history.state as object), [MARKER]: o.id }, '');
        S.entries.push(o.id);
        return;
      }
      S.open.splice(i, 1);
    }
    return;
  }
  if (m !== undefined) {
    // Back from a later page onto a dead overlay entry: let the router show this page, then
    // step off the entry so the next back leaves the page.
    ownGo(-1);
  }
}

/** Pops the entries of overlays that closed, once nothing else is moving through history. */
function scheduleSettle(): void {
  if (S.settleTimer !== undefined) return;
  // After the current task: a navigation made together with the close (确定 → navigateTo) runs
  // first and buries the entry instead of racing with our pop.
  S.settleTimer = setTimeout(() => {
    S.settleTimer = undefined;
    if (S.ownPops > 0) return;
    const m = currentMarker();
    if (m === undefined || m !== S.entries[S.entries.length - 1]) {
      if (m === undefined) S.entries = [];
      return;
    }
    let n = 0;
    while (S.entries.length && !S.open.some((o) => o.id === S.entries[S.entries.length - 1])) {
      S.entries.pop();
      n++;
    }
    if (n > 0) ownGo(-n);
  }, 0);
}

/**
 * Registers an open overlay. Returns its close function: call it when the overlay closes for
 * any other reason (its buttons, its page unloading); it then pops the overlay's entry.
 */
export function openOverlay(onBack: () => boolean | void): () => void {
  const o: Overlay = { id: ++S.seq, onBack };
  S.open.push(o);
  if (overlayHistoryEnabled()) {
    install();
    const push = () => {
      if (!S.open.includes(o)) return; // closed before its turn came
      S.rawPush({ ...(window.history.state as object), [MARKER]: o.id }, '');
      S.entries.push(o.id);
    };
    // A pop of ours still on its way (the dialog before this sheet): push after it arrives.
    if (S.ownPops > 0) S.deferred.push(push);
    else push();
  }
  let closed = false;
  return () => {
    if (closed) return;
    closed = true;
    const i = S.open.indexOf(o);
    if (i >= 0) S.open.splice(i, 1);
    if (overlayHistoryEnabled() && S.entries.includes(o.id)) scheduleSettle();
  };
}

/**
 * Runs an app navigation (navigateTo, redirectTo, switchTab, reLaunch) on the page's own history
 * entry. While one of our entries is on top (a dialog whose 确定 navigates, before its close has
 * popped the entry), a redirect would replace the overlay's entry and leave the page's entry below
 * it: back from the new page would then show the page that redirected away. The page's overlays
 * are dismissed and our entries stepped off first; the navigation follows once that traversal has
 * arrived. With none of our entries on top it runs at once.
 */
export function navigateFromPage(navigate: () => void): void {
  if (!overlayHistoryEnabled() || !S.installed) return navigate();
  const run = () => {
    const above = leaveEntries();
    if (above === 0) return navigate();
    S.deferred.push(navigate);
    ownGo(-above);
  };
  if (S.ownPops > 0) S.deferred.push(run);
  else run();
}

/** No traversal of ours on its way and none scheduled (tests). */
export function overlayHistoryIdle(): boolean {
  return S.ownPops === 0 && S.settleTimer === undefined && S.deferred.length === 0;
}

/** How many overlays are open (tests). */
export function openOverlayCount(): number {
  return S.open.length;
}
