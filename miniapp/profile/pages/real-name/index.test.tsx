import { act, fireEvent, render, screen } from '@testing-library/react';
import RealNamePage from './index';
import { errorBody, mockRequests, signIn, testUser } from '../../../test/helpers';

const SANDBOX = 'http://127.0.0.1:8081';

function type(testId: string, value: string) {
  fireEvent.change(screen.getByTestId(testId), { target: { value } });
}

async function tap(testId: string) {
  await act(async () => {
    fireEvent.click(screen.getByTestId(testId));
  });
}

beforeEach(() => signIn(testUser()));

describe('real-name page', () => {
  it('shows the check-digit problem under the ID field for 110105194912310021 and submits nothing', async () => {
    const calls = mockRequests(() => undefined);
    render(<RealNamePage />);

    type('realname-name', '张伟');
    type('realname-id', '110105194912310021');

    expect(screen.getByTestId('realname-id-error').textContent).toBe('身份证号码校验位不正确，请逐位核对');
    await tap('realname-submit');
    expect(calls).toHaveLength(0);
    expect(screen.getByTestId('realname-phone-error').textContent).toBe('请先获取验证码');
  });

  it('says exactly what is wrong with a short number on blur', () => {
    render(<RealNamePage />);
    type('realname-id', '11010519491231');
    expect(screen.queryByTestId('realname-id-error')).toBeNull();
    fireEvent.blur(screen.getByTestId('realname-id'));
    expect(screen.getByTestId('realname-id-error').textContent).toBe('身份证号码应为18位');
  });

  it('accepts a lower-case x and submits the normalised upper-case X with the phone code', async () => {
    const calls = mockRequests((c) => {
      if (c.url === '/api/v1/client-config') return { status: 200, data: { env: 'development', sandboxUrl: SANDBOX } };
      if (c.url === `${SANDBOX}/wechat/sandbox/phone-codes`) return { status: 200, data: { code: 'phone-code-1' } };
      if (c.url === '/api/v1/me/real-name') return { status: 200, data: testUser({ realNameVerified: true, name: '张伟', idNumberMasked: '110***********002X' }) };
    });
    render(<RealNamePage />);

    type('realname-name', '张伟');
    type('realname-id', '11010519491231002x');
    expect(screen.queryByTestId('realname-id-error')).toBeNull();
    type('realname-phone', '13800138000');
    await tap('realname-phone-code-btn');
    expect(screen.getByTestId('realname-phone-status')).toBeTruthy();
    await tap('realname-submit');

    const put = calls.find((c) => c.method === 'PUT');
    expect(put).toMatchObject({
      url: '/api/v1/me/real-name',
      data: { name: '张伟', idNumber: '11010519491231002X', phoneCode: 'phone-code-1' },
    });
    expect(calls.find((c) => c.url.endsWith('/phone-codes'))?.data).toEqual({ phoneNumber: '13800138000' });
    expect(screen.getByTestId('realname-done')).toBeTruthy();
  });

  it('shows the server message in the error area (ID_NUMBER_TAKEN)', async () => {
    const message = '该身份证号已被其他微信账号实名绑定，如有疑问请联系客服';
    mockRequests((c) => {
      if (c.url === '/api/v1/client-config') return { status: 200, data: { env: 'development', sandboxUrl: SANDBOX } };
      if (c.url.endsWith('/phone-codes')) return { status: 200, data: { code: 'phone-code-2' } };
      if (c.url === '/api/v1/me/real-name') return { status: 409, data: errorBody('ID_NUMBER_TAKEN', message) };
    });
    render(<RealNamePage />);

    type('realname-name', '张伟');
    type('realname-id', '11010519491231002X');
    type('realname-phone', '13800138000');
    await tap('realname-phone-code-btn');
    await tap('realname-submit');

    expect(screen.getByTestId('realname-error').textContent).toBe(message);
    expect(screen.queryByTestId('realname-done')).toBeNull();
  });
});
