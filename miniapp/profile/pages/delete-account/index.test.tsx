import Taro from '@tarojs/taro';
import { act, fireEvent, render, screen } from '@testing-library/react';
import DeleteAccountPage from './index';
import { errorBody, mockRequests, signIn, testUser } from '../../../test/helpers';
import { DELETION_CONFIRM_TEXT, DELETION_DELETES, DELETION_KEEPS } from '../../../services/consent-texts';
import { getUser, isLoggedIn } from '../../../services/session';

beforeEach(() => signIn(testUser({ realNameVerified: true, name: '张伟' })));

const plan = { confirmText: DELETION_CONFIRM_TEXT, deleted: [...DELETION_DELETES], kept: DELETION_KEEPS.map((k) => ({ ...k })), blockers: [] as Array<{ code: string; message: string }> };

describe('注销账号', () => {
  it('lists what is deleted and what is kept for how long, and deletes only after the typed confirmation', async () => {
    const calls = mockRequests((c) => {
      if (c.method === 'GET') return { status: 200, data: plan };
      if (c.method === 'POST')
        return {
          status: 200,
          data: {
            deletedAt: '2026-12-02T08:30:00.000Z',
            retentionId: 'r-123',
            deleted: plan.deleted,
            kept: plan.kept.map((k) => ({ ...k, retainUntil: k.key === 'online_care' ? '2029-12-02T08:30:00.000Z' : '2056-12-02T08:30:00.000Z' })),
          },
        };
    });
    render(<DeleteAccountPage />);

    expect((await screen.findByTestId('delete-account-deleted')).textContent).toContain('身份证号');
    const keeps = screen.getByTestId('delete-account-keeps').textContent!;
    expect(keeps).toContain('家庭医生在线咨询的聊天记录和图片：保留3年');
    expect(keeps).toContain('保留6个月');
    expect(keeps).toContain('互联网诊疗监管细则');

    const submit = screen.getByTestId('delete-account-submit') as HTMLButtonElement;
    expect(submit.disabled).toBe(true);
    fireEvent.change(screen.getByTestId('delete-account-input'), { target: { value: '注销' } });
    expect(submit.disabled).toBe(true);
    fireEvent.change(screen.getByTestId('delete-account-input'), { target: { value: DELETION_CONFIRM_TEXT } });
    expect(submit.disabled).toBe(false);
    await act(async () => fireEvent.click(submit));

    expect(calls.find((c) => c.method === 'POST')?.data).toEqual({ confirmText: DELETION_CONFIRM_TEXT });
    const kept = screen.getByTestId('delete-account-kept').textContent!;
    expect(kept).toContain('r-123');
    expect(kept).toContain('保留至 2029-12-02');
    // The session is gone here as it is at the BFF.
    expect(isLoggedIn()).toBe(false);
    expect(getUser()).toBeNull();
    await act(async () => fireEvent.click(screen.getByTestId('delete-account-finish')));
    expect(Taro.reLaunch).toHaveBeenCalledWith({ url: '/pages/home/index' });
  });

  it('says what must be settled first and does not offer deletion until then', async () => {
    const message = '您有待支付的订单，请完成支付或在「我的订单」中取消后再注销';
    mockRequests((c) => {
      if (c.method === 'GET') return { status: 200, data: { ...plan, blockers: [{ code: 'ACCOUNT_HAS_OPEN_ORDERS', message }] } };
    });
    render(<DeleteAccountPage />);
    expect((await screen.findByTestId('delete-account-blockers')).textContent).toBe(message);
    fireEvent.change(screen.getByTestId('delete-account-input'), { target: { value: DELETION_CONFIRM_TEXT } });
    expect((screen.getByTestId('delete-account-submit') as HTMLButtonElement).disabled).toBe(true);
  });

  it('shows the refusal and keeps the resident signed in', async () => {
    mockRequests((c) => {
      if (c.method === 'GET') return { status: 200, data: plan };
      if (c.method === 'POST') return { status: 409, data: errorBody('ACCOUNT_IS_STAFF', '该账号是工作人员账号，请先由管理员移除工作人员角色后再注销') };
    });
    render(<DeleteAccountPage />);
    fireEvent.change(await screen.findByTestId('delete-account-input'), { target: { value: DELETION_CONFIRM_TEXT } });
    await act(async () => fireEvent.click(screen.getByTestId('delete-account-submit')));
    expect(screen.getByTestId('delete-account-error').textContent).toContain('工作人员账号');
    expect(isLoggedIn()).toBe(true);
  });
});
