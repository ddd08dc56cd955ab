import { useDidHide } from '@tarojs/taro';
import { useEffect, useRef } from 'react';
import { openOverlay } from '../services/overlay-back';

/**
 * For every sheet, dialog or popup: while `open`, back closes it (H5: it owns a history entry,
 * see services/overlay-back) and it never outlives its page: hiding the page (a navigation on top)
 * closes it, and unmounting (the page unloads) pops its entry. Overlays whose state outlives the
 * component (the pay sheets' store) also close themselves on unmount. `onClose` is what the
 * overlay's 取消 / × does; return false from it to keep the overlay open (busy).
 */
export function useBackCloses(open: boolean, onClose: () => boolean | void): void {
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;
  const openRef = useRef(open);
  openRef.current = open;

  useEffect(() => {
    if (!open) return;
    const close = openOverlay(() => onCloseRef.current());
    return close;
  }, [open]);

  // weapp: the native back and every navigation hide or unload the page.
  useDidHide(() => {
    if (openRef.current) onCloseRef.current();
  });
}
