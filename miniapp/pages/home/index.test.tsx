import Taro from '@tarojs/taro';
import { act, fireEvent, render, screen } from '@testing-library/react';
import HomePage from './index';
import { mockRequests, signIn, testUser } from '../../test/helpers';
import { resetTaro } from '../../test/taro';
import { ROUTES, isRouteAvailable } from '../../services/routes';
import { openRoute } from '../../services/navigate';

describe('home page', () => {
  it('greets the user by name and opens each service, or says 即将开放 when its page is not in this build', async () => {
    signIn(testUser({ name: '张伟', realNameVerified: true }));
    mockRequests(() => ({ status: 200, data: testUser({ name: '张伟', realNameVerified: true }) }));
    render(<HomePage />);
    await act(async () => {});

    expect(screen.getByTestId('home-user-name').textContent).toBe('张伟');
    const entries = { records: ROUTES.records, booking: ROUTES.booking, doctor: ROUTES.doctor, vaccines: ROUTES.vaccines, pay: ROUTES.pay, content: ROUTES.content };
    for (const [key, route] of Object.entries(entries)) {
      (Taro.navigateTo as jest.Mock).mockClear();
      (Taro.showToast as jest.Mock).mockClear();
      fireEvent.click(screen.getByTestId(`home-entry-${key}`));
      if (isRouteAvailable(route)) {
        expect(Taro.navigateTo).toHaveBeenCalledWith({ url: route });
      } else {
        expect(Taro.showToast).toHaveBeenCalledWith({ title: '即将开放', icon: 'none' });
        expect(Taro.navigateTo).not.toHaveBeenCalled();
      }
    }

    fireEvent.click(screen.getByTestId('home-family-card'));
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: ROUTES.members });
  });

  it('openRoute says 即将开放 for a route whose subpackage is not built', () => {
    resetTaro();
    openRoute('/nowhere/pages/index/index');
    expect(Taro.showToast).toHaveBeenCalledWith({ title: '即将开放', icon: 'none' });
    expect(Taro.navigateTo).not.toHaveBeenCalled();
    openRoute(ROUTES.me);
    expect(Taro.switchTab).toHaveBeenCalledWith({ url: ROUTES.me });
  });

  it('offers login when nobody is logged in', () => {
    resetTaro();
    render(<HomePage />);
    expect(screen.queryByTestId('home-user-name')).toBeNull();
    fireEvent.click(screen.getByTestId('home-login-prompt'));
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: ROUTES.login });
  });
});
