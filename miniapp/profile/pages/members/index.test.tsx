import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import MembersPage from './index';
import { mockRequests, signIn, testUser } from '../../../test/helpers';
import type { MemberView } from '../../../services/shared';

function member(id: string, over: Partial<MemberView> = {}): MemberView {
  return {
    id,
    name: `成员${id}`,
    relation: 'parent',
    relationLabel: '父母',
    sex: 'female',
    birthDate: '1950-01-01',
    age: 76,
    idNumberMasked: '110***********1023',
    phoneMasked: null,
    verified: true,
    createdAt: '2026-11-01T10:00:00+08:00',
    ...over,
  };
}
const self = member('self', { name: '张伟', relation: 'self', relationLabel: '本人', sex: 'male' });

beforeEach(() => signIn(testUser({ realNameVerified: true, name: '张伟' })));

describe('members page', () => {
  it('disables add with a note when 5 members besides self are registered', async () => {
    mockRequests(() => ({ status: 200, data: { items: [self, ...['1', '2', '3', '4', '5'].map((i) => member(i))], max: 5 } }));
    render(<MembersPage />);

    await waitFor(() => expect(screen.getAllByTestId('member-item')).toHaveLength(6));
    const add = screen.getByTestId('member-add') as HTMLButtonElement;
    expect(add.disabled).toBe(true);
    expect(add.textContent).toContain('5/5');
    expect(screen.getByTestId('members-full-note').textContent).toContain('最多可添加5位家庭成员');
  });

  it('lists self first with relation, masked ID and age, and keeps add enabled below the limit', async () => {
    mockRequests(() => ({
      status: 200,
      data: { items: [self, member('1'), member('2', { idNumberMasked: null, birthDate: '2020-05-01', age: 6, relation: 'child', relationLabel: '子女' })], max: 5 },
    }));
    render(<MembersPage />);

    const items = await screen.findAllByTestId('member-item');
    expect(items[0].textContent).toContain('张伟');
    expect(items[0].textContent).toContain('本人');
    expect(items[1].textContent).toContain('110***********1023');
    expect(items[2].textContent).toContain('6岁');
    expect(items[2].textContent).toContain('未登记身份证');
    expect(screen.queryByTestId('member-delete-self')).toBeNull();
    expect((screen.getByTestId('member-add') as HTMLButtonElement).disabled).toBe(false);
    expect(screen.queryByTestId('members-full-note')).toBeNull();
  });

  it('deletes a member only after the confirmation dialog', async () => {
    const calls = mockRequests((c) => (c.method === 'DELETE' ? { status: 204 } : { status: 200, data: { items: [self, member('1')], max: 5 } }));
    render(<MembersPage />);
    await screen.findAllByTestId('member-item');

    await act(async () => fireEvent.click(screen.getByTestId('member-delete-1')));
    expect(screen.getByTestId('confirm-dialog').textContent).toContain('成员1');
    await act(async () => fireEvent.click(screen.getByTestId('confirm-cancel')));
    expect(calls.filter((c) => c.method === 'DELETE')).toHaveLength(0);

    await act(async () => fireEvent.click(screen.getByTestId('member-delete-1')));
    await act(async () => fireEvent.click(screen.getByTestId('confirm-ok')));
    expect(calls.filter((c) => c.method === 'DELETE').map((c) => c.url)).toEqual(['/api/v1/family/members/1']);
    expect(screen.getAllByTestId('member-item')).toHaveLength(1);
  });
});
