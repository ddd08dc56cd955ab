import { act, render } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { PageShell } from '../PageShell';
import { LARGE_FONT_CLASS, LARGE_FONT_KEY, setLargeFont } from '.';

describe('large-font mode', () => {
  it('is kept in storage and puts the class on every page shell on screen', () => {
    const { getByTestId } = render(
      <>
        <PageShell testId='a' privacyPrompt={false} />
        <PageShell testId='b' privacyPrompt={false} />
      </>,
    );
    expect(getByTestId('a').className).not.toContain(LARGE_FONT_CLASS);
    act(() => setLargeFont(true));
    expect(Taro.setStorageSync).toHaveBeenCalledWith(LARGE_FONT_KEY, true);
    expect(getByTestId('a').className).toContain(LARGE_FONT_CLASS);
    expect(getByTestId('b').className).toContain(LARGE_FONT_CLASS);
    act(() => setLargeFont(false));
    expect(getByTestId('b').className).not.toContain(LARGE_FONT_CLASS);
  });
});
