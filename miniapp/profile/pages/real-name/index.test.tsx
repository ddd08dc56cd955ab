import { act, fireEvent, render, screen } from '@testing-library/react';
import RealNamePage from './index';
import { errorBody, mockRequests, signIn, testUser } from '../../../test/helpers';

const SANDBOX = 'http://127.0.0.1:8081';
const CONFIG = { status: 200, data: { env: 'development', sandboxUrl: SANDBOX } };
const VERIFIED = testUser({ realNameVerified: true, name: '张伟', idNumberMasked: '110***********002X', identity: { state: 'verified', method: 'face' } });

function type(testId: string, value: string) {
  fireEvent.change(screen.getByTestId(testId), { target: { value } });
}

async function tap(testId: string) {
  await act(async () => {
    fireEvent.click(screen.getByTestId(testId));
  });
}

function fillIdentity(id = '11010519491231002x') {
  type('realname-name', '张伟');
  type('realname-id', id);
}

beforeEach(() => signIn(testUser()));

describe('identity verification page', () => {
  it('shows the check-digit problem under the ID field for 110105194912310021 and sends nothing', async () => {
    const calls = mockRequests(() => undefined);
    render(<RealNamePage />);
    fillIdentity('110105194912310021');
    expect(screen.getByTestId('realname-id-error').textContent).toBe('身份证号码校验位不正确，请逐位核对');
    await tap('realname-face');
    await tap('realname-phone-verify');
    expect(calls).toHaveLength(0);
  });

  it('asks for no SMS code (the BFF checks the WeChat phone code, POST /me/real-name { phoneCode }): no 获取验证码 and no code box; the H5 phone field is numeric and labelled', () => {
    render(<RealNamePage />);
    const page = document.body;
    expect(page.textContent).not.toMatch(/获取验证码|验证码/);
    const inputs = [...page.querySelectorAll('input')];
    expect(inputs.map((i) => i.getAttribute('data-testid'))).toEqual(['realname-name', 'realname-id', 'realname-phone']);
    const phone = screen.getByLabelText('微信绑定的手机号');
    expect(phone).toBe(screen.getByTestId('realname-phone'));
    expect(phone.getAttribute('type')).toBe('tel'); // the stand-in's numeric keyboard (type='number')
    expect(phone.getAttribute('maxLength')).toBe('11');
  });

  it('says exactly what is wrong with a short number on blur', () => {
    render(<RealNamePage />);
    type('realname-id', '11010519491231');
    expect(screen.queryByTestId('realname-id-error')).toBeNull();
    fireEvent.blur(screen.getByTestId('realname-id'));
    expect(screen.getByTestId('realname-id-error').textContent).toBe('身份证号码应为18位');
  });

  it('手机号快速验证: submits the normalised upper-case X with the phone code, then offers the next step', async () => {
    const calls = mockRequests((c) => {
      if (c.url === '/api/v1/client-config') return CONFIG;
      if (c.url === `${SANDBOX}/wechat/sandbox/phone-codes`) return { status: 200, data: { code: 'phone-code-1' } };
      if (c.url === '/api/v1/me/real-name') return { status: 200, data: { ...VERIFIED, phoneMasked: '138****8000', identity: { state: 'verified', method: 'phone' } } };
    });
    render(<RealNamePage />);
    fillIdentity();
    type('realname-phone', '13800138000');
    await tap('realname-phone-verify');

    expect(calls.find((c) => c.method === 'PUT')).toMatchObject({ url: '/api/v1/me/real-name', data: { name: '张伟', idNumber: '11010519491231002X', phoneCode: 'phone-code-1' } });
    expect(screen.getByTestId('realname-done')).toBeTruthy();
    expect(screen.getByTestId('realname-method').textContent).toBe('认证方式：手机号快速验证');
    expect(screen.getByTestId('realname-add-family')).toBeTruthy();
  });

  it('phone not on file: shows the guidance and leads to 刷脸认证', async () => {
    const message = '微信手机号与健康档案登记的手机号不一致，请选择「刷脸认证」完成身份认证';
    mockRequests((c) => {
      if (c.url === '/api/v1/client-config') return CONFIG;
      if (c.url.endsWith('/phone-codes')) return { status: 200, data: { code: 'phone-code-2' } };
      if (c.url === '/api/v1/me/real-name') return { status: 409, data: errorBody('FACE_VERIFY_REQUIRED', message) };
    });
    render(<RealNamePage />);
    fillIdentity();
    type('realname-phone', '13900001111');
    await tap('realname-phone-verify');
    expect(screen.getByTestId('realname-error').textContent).toBe(message);
    expect(screen.getByTestId('realname-face-way').className).toContain('realname__way--lead');
    expect(screen.queryByTestId('realname-done')).toBeNull();
  });

  it('刷脸认证 in H5: the sandbox sheet, then the BFF asks WeChat for the result', async () => {
    const calls = mockRequests((c) => {
      if (c.url === '/api/v1/client-config') return CONFIG;
      if (c.url === '/api/v1/me/identity/face') return { status: 200, data: { verifyId: 'vid-1', expiresIn: 3600 } };
      if (c.url === `${SANDBOX}/wechat/sandbox/face/verify`) return { status: 200, data: { errCode: 0, errMsg: 'requestFacialVerify:ok' } };
      if (c.url === '/api/v1/me/identity/face/result') return { status: 200, data: VERIFIED };
    });
    render(<RealNamePage />);
    fillIdentity();
    await tap('realname-face');
    expect(calls.find((c) => c.url === '/api/v1/me/identity/face')?.data).toEqual({ name: '张伟', idNumber: '11010519491231002X' });
    expect(screen.getByTestId('face-sheet')).toBeTruthy();
    await tap('face-pass');
    expect(calls.find((c) => c.url.endsWith('/face/verify'))?.data).toEqual({ verify_id: 'vid-1', outcome: 'pass' });
    expect(calls.find((c) => c.url === '/api/v1/me/identity/face/result')?.data).toEqual({ verifyId: 'vid-1' });
    expect(screen.getByTestId('realname-method').textContent).toBe('认证方式：刷脸认证');
  });

  it('刷脸 不通过: the server says failed, the page says what to do and stays on the form', async () => {
    const message = '刷脸认证未通过。请确认姓名和身份证号是您本人的，在光线充足处正对手机重试';
    mockRequests((c) => {
      if (c.url === '/api/v1/client-config') return CONFIG;
      if (c.url === '/api/v1/me/identity/face') return { status: 200, data: { verifyId: 'vid-2', expiresIn: 3600 } };
      if (c.url.endsWith('/face/verify')) return { status: 200, data: { errCode: 10004, errMsg: 'requestFacialVerify:fail verify failed' } };
      if (c.url === '/api/v1/me/identity/face/result') return { status: 422, data: errorBody('FACE_VERIFY_FAILED', message) };
    });
    render(<RealNamePage />);
    fillIdentity();
    await tap('realname-face');
    await tap('face-fail');
    expect(screen.queryByTestId('face-sheet')).toBeNull();
    expect(screen.getByTestId('realname-error').textContent).toBe(message);
    expect(screen.queryByTestId('realname-done')).toBeNull();
  });

  it('an unverified claim is shown with what it allows', () => {
    signIn(testUser({ name: '张伟', idNumberMasked: '110***********002X', identity: { state: 'claimed', method: null } }));
    render(<RealNamePage />);
    expect(screen.getByTestId('realname-claimed').textContent).toContain('尚未完成认证');
  });
});
