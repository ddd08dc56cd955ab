import type { PropsWithChildren } from 'react';
import { useLaunch } from '@tarojs/taro';
import { registerWechatPrivacyHandler } from './services/privacy';
import { installOverlayHistory } from './services/overlay-back';
import './app.scss';

// H5: back closes the topmost sheet or dialog. Before Taro's router starts listening to history.
installOverlayHistory();

function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    registerWechatPrivacyHandler();
  });
  return children;
}

export default App;
