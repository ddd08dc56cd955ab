import type { PropsWithChildren } from 'react';
import { useLaunch } from '@tarojs/taro';
import { registerWechatPrivacyHandler } from './services/privacy';
import { installOverlayHistory } from './services/overlay-back';
import { installKeyboardAccess } from './services/keyboard-h5';
import './app.scss';

// H5: back closes the topmost sheet or dialog. Before Taro's router starts listening to history.
installOverlayHistory();
// H5: roles, focus and Enter/Space for what can be tapped; focusable scrolling regions.
installKeyboardAccess();

function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    registerWechatPrivacyHandler();
  });
  return children;
}

export default App;
