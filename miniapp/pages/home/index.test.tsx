import Taro from '@tarojs/taro';
import { act, fireEvent, render, screen } from '@testing-library/react';
import HomePage from './index';
import { mockRequests, signIn, testUser } from '../../test/helpers';
import { resetTaro } from '../../test/taro';
import { ROUTES } from '../../services/routes';

describe('home page', () => {
  it('greets the user by name and opens existing pages, saying 即将开放 for services not built yet', async () => {
    signIn(testUser({ name: '张伟', realNameVerified: true }));
    mockRequests(() => ({ status: 200, data: testUser({ name: '张伟', realNameVerified: true }) }));
    render(<HomePage />);
    await act(async () => {});

    expect(screen.getByTestId('home-user-name').textContent).toBe('张伟');
    for (const key of ['records', 'booking', 'doctor', 'vaccines', 'pay', 'content']) expect(screen.getByTestId(`home-entry-${key}`)).toBeTruthy();

    fireEvent.click(screen.getByTestId('home-entry-booking'));
    expect(Taro.showToast).toHaveBeenCalledWith({ title: '即将开放', icon: 'none' });
    expect(Taro.navigateTo).not.toHaveBeenCalled();

    fireEvent.click(screen.getByTestId('home-family-card'));
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: ROUTES.members });
  });

  it('offers login when nobody is logged in', () => {
    resetTaro();
    render(<HomePage />);
    expect(screen.queryByTestId('home-user-name')).toBeNull();
    fireEvent.click(screen.getByTestId('home-login-prompt'));
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: ROUTES.login });
  });
});
