import { useDidHide, useDidShow } from '@tarojs/taro';
import { useEffect, useRef, useState } from 'react';

/**
 * The workbench on a desktop browser (H5, ≥ 1024 CSS px wide).
 *
 * Taro's H5 root-font script sizes 1rem from the narrower side of the window, capped at 40 px, and
 * pxtransform writes every design px (750 wide) as rem: on a laptop that is 40 px, twice a
 * phone's, and the phone layout comes out magnified. While a workbench page is shown, <html>
 * carries DESK_CLASS; at desktop widths app.scss pins the root font to 20 px there (a 375-wide
 * phone's), so design 32px body text is 16 CSS px. Resident pages never carry the class.
 */
const DESK_MIN_WIDTH = 1024;
const DESK_CLASS = 'hp-desk';

const shown = new Set<number>();
let nextId = 0;

function applyClass() {
  // The weapp has Taro's own `document` (no <html> to style): H5 only.
  if (process.env.TARO_ENV !== 'h5' || typeof document === 'undefined') return;
  document.documentElement.classList.toggle(DESK_CLASS, shown.size > 0);
}

/** Marks <html> with DESK_CLASS while the calling page is the one shown (H5 only). */
export function useDeskType() {
  const id = useRef(++nextId);
  useDidShow(() => {
    shown.add(id.current);
    applyClass();
  });
  useDidHide(() => {
    shown.delete(id.current);
    applyClass();
  });
  useEffect(() => {
    const me = id.current;
    shown.add(me);
    applyClass();
    return () => {
      shown.delete(me);
      applyClass();
    };
  }, []);
}

const isDesk = () => process.env.TARO_ENV === 'h5' && typeof window !== 'undefined' && window.innerWidth >= DESK_MIN_WIDTH;

/** True on a desktop-wide H5 window: the workbench shows its three panes. */
export function useDeskLayout(): boolean {
  const [desk, setDesk] = useState(isDesk);
  useEffect(() => {
    if (process.env.TARO_ENV !== 'h5' || typeof window === 'undefined') return;
    const onResize = () => setDesk(isDesk());
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);
  return desk;
}
