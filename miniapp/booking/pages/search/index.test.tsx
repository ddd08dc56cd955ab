import Taro from '@tarojs/taro';
import { act, fireEvent, render, screen } from '@testing-library/react';
import SearchPage from './index';
import { mockRequests, signIn } from '../../../test/helpers';

describe('挂号 search', () => {
  beforeEach(() => signIn());

  it('opens with common searches and the way to 智能导诊, never a blank page', async () => {
    const calls = mockRequests((c) => (c.url.includes('/api/v1/booking/search?q=%E9%AB%98%E8%A1%80%E5%8E%8B') ? { status: 200, data: { q: '高血压', departments: [], doctors: [] } } : undefined));
    render(<SearchPage />);
    expect(screen.getByTestId('booking-search-start')).toBeTruthy();
    fireEvent.click(screen.getByTestId('booking-search-triage'));
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/booking/pages/triage/index' });

    // A suggestion searches at once; its answer replaces the suggestions.
    await act(async () => fireEvent.click(screen.getByTestId('booking-search-suggest-高血压')));
    expect(calls).toHaveLength(1);
    expect(screen.queryByTestId('booking-search-start')).toBeNull();
    expect(screen.getByText('没有找到与「高血压」相关的医生或科室')).toBeTruthy();
  });
});
