import { View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useEffect, useRef } from 'react';

/** Says once that the reader reached the end of the article (its last line came into view). */
export function ReadToEnd({ onEnd }: { onEnd: () => void }) {
  const fired = useRef(false);
  useEffect(() => {
    const page = Taro.getCurrentInstance()?.page;
    if (!page || typeof Taro.createIntersectionObserver !== 'function') return;
    const ob = Taro.createIntersectionObserver(page as never, { thresholds: [0] });
    ob.relativeToViewport({ bottom: 0 }).observe('#ct-read-end', (r) => {
      if (fired.current || !r.intersectionRatio) return;
      fired.current = true;
      onEnd();
      ob.disconnect();
    });
    return () => ob.disconnect();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return <View id='ct-read-end' className='ct-read-end' />;
}
