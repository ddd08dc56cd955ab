import { act, fireEvent, render, screen } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { resetTaro } from '../../test/taro';
import { setLargeFont, LARGE_FONT_KEY } from '.';
import { ageOn } from '../../services/shared';
import { ElderlyOffer } from './ElderlyOffer';

const yearsAgo = (years: number, days = 0) => {
  const d = new Date(Date.now() + 8 * 3600_000 - days * 86_400_000);
  d.setUTCFullYear(d.getUTCFullYear() - years);
  return d.toISOString().slice(0, 10);
};

beforeEach(() => resetTaro());
afterEach(() => act(() => setLargeFont(false)));

test('age in full years: the day before a birthday is still the year before', () => {
  expect(ageOn('1966-12-05', '2026-12-04')).toBe(59);
  expect(ageOn('1966-12-05', '2026-12-05')).toBe(60);
  expect(ageOn('1966-02-28', '2026-03-01')).toBe(60);
});

test('a resident of 59 is not asked; nor one whose birth date is unknown', () => {
  const { unmount } = render(<ElderlyOffer birthDate={yearsAgo(60, -1)} />);
  expect(screen.queryByTestId('elderly-offer')).toBeNull();
  unmount();
  render(<ElderlyOffer birthDate={null} />);
  expect(screen.queryByTestId('elderly-offer')).toBeNull();
});

test('a resident of 60 is offered 长辈模式 once; 开启 turns it on and the card goes', () => {
  render(<ElderlyOffer birthDate={yearsAgo(60)} />);
  expect(screen.getByTestId('elderly-offer').textContent).toContain('长辈模式');
  fireEvent.click(screen.getByTestId('elderly-offer-on'));
  expect(Taro.setStorageSync).toHaveBeenCalledWith(LARGE_FONT_KEY, true);
  expect(screen.queryByTestId('elderly-offer')).toBeNull();
});

test('暂不需要 is remembered: the card does not come back, and the setting stays off', () => {
  const first = render(<ElderlyOffer birthDate={yearsAgo(72)} />);
  fireEvent.click(screen.getByTestId('elderly-offer-no'));
  expect(screen.queryByTestId('elderly-offer')).toBeNull();
  first.unmount();
  render(<ElderlyOffer birthDate={yearsAgo(72)} />);
  expect(screen.queryByTestId('elderly-offer')).toBeNull();
  expect(Taro.getStorageSync(LARGE_FONT_KEY)).not.toBe(true);
});
