import { MAIN_PAGES, subPackagePages } from './services/routes';

// Pages and subpackages come from services/routes.ts: add a service there, in one line.
export default defineAppConfig({
  pages: [...MAIN_PAGES],
  subPackages: subPackagePages(),
  window: {
    backgroundTextStyle: 'dark',
    navigationBarBackgroundColor: '#ffffff',
    navigationBarTitleText: '健康口袋',
    navigationBarTextStyle: 'black',
    backgroundColor: '#f3f6f9',
  },
  tabBar: {
    color: '#5b6472',
    selectedColor: '#0a7d5a',
    backgroundColor: '#ffffff',
    borderStyle: 'black',
    list: [
      { pagePath: 'pages/home/index', text: '首页', iconPath: 'assets/tab-home.png', selectedIconPath: 'assets/tab-home-active.png' },
      { pagePath: 'pages/me/index', text: '我的', iconPath: 'assets/tab-me.png', selectedIconPath: 'assets/tab-me-active.png' },
    ],
  },
  // WeChat: privacy-related APIs (getPhoneNumber …) stay disabled until the user agrees to the
  // privacy guide; the app shows it itself (components/PrivacyGuide).
  ...(process.env.TARO_ENV === 'weapp' ? { __usePrivacyCheck__: true } : {}),
  lazyCodeLoading: 'requiredComponents',
});
