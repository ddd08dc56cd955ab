import Taro from '@tarojs/taro';
import { resetTaro } from '../test/taro';
import { ApiError } from './api';
import { navigateTo } from './navigate';
import { asyncHandler, showToast } from './ui';

const toast = Taro.showToast as unknown as jest.Mock;
const navigate = Taro.navigateTo as unknown as jest.Mock;

// Lets the rejection handlers chained on a promise run.
const settle = () => new Promise<void>((r) => setTimeout(r, 0));

describe('UI calls made from event handlers', () => {
  let unhandled: unknown[];
  const onUnhandled = (e: unknown) => unhandled.push(e);
  beforeEach(() => {
    resetTaro();
    unhandled = [];
    process.on('unhandledRejection', onUnhandled);
  });
  afterEach(() => {
    process.off('unhandledRejection', onUnhandled);
    toast.mockImplementation(() => Promise.resolve({ errMsg: 'ok' }));
    navigate.mockImplementation(() => Promise.resolve({ errMsg: 'ok' }));
    jest.restoreAllMocks();
  });

  it('asyncHandler calls the handler at once with its arguments and shows what escaped it as a toast', async () => {
    const fn = jest.fn((_id: string) => Promise.reject(new ApiError('SLOT_TAKEN', '号源已被预约', 409)));
    const onTap = asyncHandler(fn);
    expect(onTap('a1')).toBeUndefined();
    expect(fn).toHaveBeenCalledWith('a1');
    await settle();
    expect(toast).toHaveBeenCalledWith({ title: '号源已被预约', icon: 'none' });
    expect(unhandled).toEqual([]);
  });

  it('asyncHandler shows no toast when the handler succeeds', async () => {
    asyncHandler(() => Promise.resolve('done'))();
    await settle();
    expect(toast).not.toHaveBeenCalled();
  });

  it('a toast or a navigation that fails is not an unhandled rejection; the navigation is logged', async () => {
    toast.mockImplementation(() => Promise.reject(new Error('showToast:fail')));
    navigate.mockImplementation(() => Promise.reject(new Error('navigateTo:fail webview count limit exceed')));
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    showToast({ title: '已保存', icon: 'success' });
    navigateTo({ url: '/pages/me/index' });
    expect(toast).toHaveBeenCalledWith({ title: '已保存', icon: 'success' });
    expect(navigate).toHaveBeenCalledWith({ url: '/pages/me/index' });
    await settle();
    expect(unhandled).toEqual([]);
    expect(warn).toHaveBeenCalledWith('navigateTo /pages/me/index failed', expect.objectContaining({ message: 'navigateTo:fail webview count limit exceed' }));
  });
});
