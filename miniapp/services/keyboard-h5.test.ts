import { installKeyboardAccess } from './keyboard-h5';

const flush = () => new Promise((r) => setTimeout(r, 0));

beforeAll(() => installKeyboardAccess());
afterEach(() => {
  document.body.innerHTML = '';
});

function add(html: string): HTMLElement {
  const host = document.createElement('div');
  host.innerHTML = html;
  document.body.appendChild(host);
  return host.firstElementChild as HTMLElement;
}

test('an element given a role, and a Taro Button, join the tab order; a plain view does not', async () => {
  const tab = add('<taro-view-core role="tab">待缴费</taro-view-core>');
  const btn = add('<taro-button-core>去缴费</taro-button-core>');
  const plain = add('<taro-view-core>说明文字</taro-view-core>');
  await flush();
  expect(tab.tabIndex).toBe(0);
  expect(btn.tabIndex).toBe(0);
  expect(btn.getAttribute('role')).toBe('button');
  expect(btn.getAttribute('aria-disabled')).toBe('false');
  expect(plain.hasAttribute('tabindex')).toBe(false);
});

test('an explicit tabindex is kept (a control taken out of the order on purpose stays out)', async () => {
  const el = add('<taro-view-core role="button" tabindex="-1">关闭</taro-view-core>');
  await flush();
  expect(el.tabIndex).toBe(-1);
});

test('a role given later is picked up, and so is a page (a scrolling region the keyboard must reach)', async () => {
  const el = add('<taro-view-core>选择</taro-view-core>');
  const page = add('<div class="taro_page"></div>');
  await flush();
  el.setAttribute('role', 'checkbox');
  await flush();
  expect(el.tabIndex).toBe(0);
  expect(page.tabIndex).toBe(0);
});

test('Enter and Space activate a focused control; other keys and disabled buttons do nothing', async () => {
  const el = add('<taro-view-core role="button">显示</taro-view-core>');
  const off = add('<taro-button-core disabled="true">提交</taro-button-core>');
  await flush();
  const clicks = jest.fn();
  const offClicks = jest.fn();
  el.addEventListener('click', clicks);
  off.addEventListener('click', offClicks);
  for (const key of ['Enter', ' ', 'a', 'Tab']) el.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
  off.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
  expect(clicks).toHaveBeenCalledTimes(2);
  expect(offClicks).not.toHaveBeenCalled();
  expect(off.getAttribute('aria-disabled')).toBe('true');
});
