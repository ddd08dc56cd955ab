import type { PropsWithChildren } from 'react';
import { useLaunch } from '@tarojs/taro';
import { registerWechatPrivacyHandler } from './services/privacy';
import './app.scss';

function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    registerWechatPrivacyHandler();
  });
  return children;
}

export default App;
