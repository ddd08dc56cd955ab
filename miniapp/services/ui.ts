import Taro from '@tarojs/taro';
import { messageOf } from './api';

/**
 * Taro.showToast for code that carries on after it: a toast that cannot show (the page has gone,
 * another toast is up) is nothing the resident could act on, so its failure is dropped here.
 */
export function showToast(option: Taro.showToast.Option): void {
  Promise.resolve(Taro.showToast(option)).catch(() => undefined);
}

/**
 * An async function as a JSX event handler (onClick, onConfirm…), which React calls and forgets:
 * whatever the handler does not catch itself is shown as a toast instead of an unhandled rejection.
 */
export function asyncHandler<A extends unknown[]>(fn: (...args: A) => unknown): (...args: A) => void {
  return (...args) => {
    Promise.resolve(fn(...args)).catch((e: unknown) => showToast({ title: messageOf(e), icon: 'none' }));
  };
}
