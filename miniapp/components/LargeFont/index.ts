import Taro from '@tarojs/taro';
import { useEffect, useState } from 'react';

/**
 * 大字模式 (elderly-friendly): one setting, kept in storage, that scales every font size in the
 * app. The build rewrites each `font-size` into `calc(size * var(--hp-font-scale, 1))`
 * (config/postcss-font-scale.js); PageShell puts LARGE_FONT_CLASS on every page, which sets the
 * variable (app.scss). Layout and tap targets keep their size; only text grows.
 */
export const LARGE_FONT_KEY = 'hp_large_font';
export const LARGE_FONT_CLASS = 'hp-large-font';
/** H5: on <html> too, for what sits outside the pages (the tab bar, sheets). */
const LARGE_ROOT_CLASS = 'hp-large-root';

function markRoot(on: boolean): void {
  if (process.env.TARO_ENV === 'h5' && typeof document !== 'undefined') document.documentElement.classList.toggle(LARGE_ROOT_CLASS, on);
}

type Listener = (on: boolean) => void;
const listeners = new Set<Listener>();
let current: boolean | null = null;

function isLargeFont(): boolean {
  if (current === null) {
    try {
      current = Taro.getStorageSync(LARGE_FONT_KEY) === true;
    } catch {
      current = false;
    }
    markRoot(current);
  }
  return current;
}

export function setLargeFont(on: boolean): void {
  current = on;
  markRoot(on);
  try {
    Taro.setStorageSync(LARGE_FONT_KEY, on);
  } catch {
    // Storage full or unavailable: the setting still applies until the app is closed.
  }
  listeners.forEach((fn) => fn(on));
}

/** The setting, re-rendering when it changes anywhere (pages kept in the stack update too). */
export function useLargeFont(): [boolean, (on: boolean) => void] {
  const [on, set] = useState(isLargeFont);
  useEffect(() => {
    listeners.add(set);
    set(isLargeFont());
    return () => {
      listeners.delete(set);
    };
  }, []);
  return [on, setLargeFont];
}
