import Taro from '@tarojs/taro';
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { H5Header } from './index';
import { PageShell } from '../PageShell';
import { setLargeFont, LARGE_FONT_CLASS } from '../LargeFont';
import { page, resetTaro, router } from '../../test/taro';
import { CONSENT_TEXTS } from '../../services/consent-texts';
import { ROUTES } from '../../services/routes';

beforeEach(() => {
  resetTaro();
  Taro.setStorageSync('hp_privacy_agreed', CONSENT_TEXTS.privacy_guide.version);
  router.path = ROUTES.payOrder;
  page.config = { navigationBarTitleText: '订单详情' };
});

describe('the H5 header', () => {
  it("shows the page's navigationBarTitleText and a 返回 button that goes back", () => {
    (Taro.getCurrentPages as jest.Mock).mockImplementation(() => [{ route: 'pay/pages/orders/index' }, { route: 'pay/pages/order/index' }]);
    render(<H5Header />);
    expect(screen.getByRole('heading').textContent).toBe('订单详情');
    fireEvent.click(screen.getByRole('button', { name: '返回' }));
    expect(Taro.navigateBack).toHaveBeenCalledTimes(1);
  });

  it('返回 on a page opened directly (no history) goes home', () => {
    (Taro.getCurrentPages as jest.Mock).mockImplementation(() => [{ route: 'pay/pages/order/index' }]);
    render(<H5Header />);
    fireEvent.click(screen.getByRole('button', { name: '返回' }));
    expect(Taro.navigateBack).not.toHaveBeenCalled();
    expect(Taro.switchTab).toHaveBeenCalledWith({ url: ROUTES.home });
  });

  it('takes the title a page sets at run time (Taro.setNavigationBarTitle)', () => {
    render(<H5Header />);
    act(() => {
      Taro.eventCenter.trigger('__taroH5SetNavigationBarTitle', '血糖趋势');
    });
    expect(screen.getByRole('heading').textContent).toBe('血糖趋势');
  });

  it("follows document.title, where Taro's H5 router writes the title of the page it shows", async () => {
    render(<H5Header />);
    act(() => {
      document.title = '门诊缴费';
    });
    await waitFor(() => expect(screen.getByRole('heading').textContent).toBe('门诊缴费'));
    document.title = '';
  });

  it('a tab page (首页) has its title and no back button', () => {
    router.path = ROUTES.home;
    page.config = { navigationBarTitleText: '健康口袋' };
    render(<H5Header />);
    expect(screen.getByRole('heading').textContent).toBe('健康口袋');
    expect(screen.queryByRole('button', { name: '返回' })).toBeNull();
  });

  it('is part of every page (PageShell), inside the 大字模式 class when that is on', () => {
    setLargeFont(true);
    try {
      render(<PageShell testId='p'>内容</PageShell>);
      const header = screen.getByTestId('h5-header');
      expect(screen.getByTestId('p').firstElementChild).toBe(header);
      expect(header.closest(`.${LARGE_FONT_CLASS}`)).toBe(screen.getByTestId('p'));
    } finally {
      setLargeFont(false);
    }
  });

  it('is not shown in the weapp (it has the native navigation bar)', () => {
    const env = process.env.TARO_ENV;
    process.env.TARO_ENV = 'weapp';
    try {
      render(<H5Header />);
      expect(screen.queryByTestId('h5-header')).toBeNull();
    } finally {
      process.env.TARO_ENV = env;
    }
  });
});
