import { act, fireEvent, render, screen } from '@testing-library/react';
import MemberEditPage from './index';
import { mockRequests, signIn, testUser } from '../../../test/helpers';
import { CONSENT_TEXTS } from '../../../services/consent-texts';
import { chinaToday } from '../../../services/shared';
import { checkDigitFor } from '@healthpocket/shared-types/src/id-number';

const type = (id: string, value: string) => fireEvent.change(screen.getByTestId(id), { target: { value } });
const tap = (id: string) =>
  act(async () => {
    fireEvent.click(screen.getByTestId(id));
  });

/** A birth date `years` years before today (China time). */
function yearsAgo(years: number): string {
  const [y, m, d] = chinaToday().split('-');
  return `${Number(y) - years}-${m}-${d === '29' && m === '02' ? '28' : d}`;
}

beforeEach(() => signIn(testUser({ realNameVerified: true, name: '张伟' })));

describe('member form', () => {
  it('requires guardian consent for a child under 14 and then sends guardianConsentVersion', async () => {
    const calls = mockRequests((c) => (c.method === 'POST' ? { status: 201, data: { id: 'm-9' } } : undefined));
    render(<MemberEditPage />);

    await tap('member-relation-child');
    type('member-name', '张小宝');
    await tap('member-no-id');
    type('member-birth', yearsAgo(6));
    await tap('member-sex-male');

    expect(screen.getByTestId('member-guardian').textContent).toContain(CONSENT_TEXTS.guardian.summary);
    await tap('member-submit');
    expect(screen.getByTestId('member-guardian-error').textContent).toBe('请阅读并勾选监护人同意书');
    expect(calls).toHaveLength(0);

    await tap('member-guardian-check');
    await tap('member-submit');
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      method: 'POST',
      url: '/api/v1/family/members',
      data: { name: '张小宝', relation: 'child', birthDate: yearsAgo(6), sex: 'male', guardianConsentVersion: CONSENT_TEXTS.guardian.version },
    });
    expect(calls[0].data).not.toHaveProperty('idNumber');
  });

  it('asks for guardian consent when the ID number shows the child is under 14', async () => {
    render(<MemberEditPage />);
    await tap('member-relation-child');
    const first17 = '11010520190501001'; // a boy born 2019-05-01
    type('member-id', first17 + checkDigitFor(first17));
    expect(screen.queryByTestId('member-id-error')).toBeNull();
    expect(screen.getByTestId('member-guardian')).toBeTruthy();
  });

  it('adds an adult by ID number without any guardian text', async () => {
    const calls = mockRequests(() => ({ status: 201, data: { id: 'm-10' } }));
    render(<MemberEditPage />);

    await tap('member-relation-parent');
    type('member-name', '张建国');
    type('member-id', '11010519491231002x');
    expect(screen.queryByTestId('member-guardian')).toBeNull();
    await tap('member-submit');

    expect(calls[0].data).toEqual({ name: '张建国', relation: 'parent', idNumber: '11010519491231002X' });
  });

  it('shows what is missing instead of submitting an empty form', async () => {
    const calls = mockRequests(() => undefined);
    render(<MemberEditPage />);
    await tap('member-submit');
    expect(screen.getByTestId('member-relation-error').textContent).toBe('请选择与本人的关系');
    expect(screen.getByTestId('member-name-error').textContent).toBe('请输入姓名');
    expect(screen.getByTestId('member-id-error').textContent).toBe('请输入身份证号码');
    expect(calls).toHaveLength(0);
  });
});
