import { act, fireEvent, render, screen } from '@testing-library/react';
import type { AuditChainStatus, AuditEntryView } from '@healthpocket/shared-types';
import AuditPageView from './index';
import { errorBody, mockRequests, signIn, testUser } from '../../../test/helpers';

const row = (seq: number, over: Partial<AuditEntryView> = {}): AuditEntryView => ({
  seq,
  id: `a-${seq}`,
  at: '2026-12-02T10:00:00.000+08:00',
  actorUserId: 'u-admin',
  actorRole: 'admin',
  action: 'role.grant',
  subjectType: 'user',
  subjectId: `u-${seq}`,
  detail: { role: 'doctor', reason: '新聘' },
  requestId: `req-${seq}`,
  hash: 'f'.repeat(64),
  ...over,
});
const ok: AuditChainStatus = { ok: true, checked: 3, anchorSeq: 0, headSeq: 3, firstBroken: null, checkedAt: '2026-12-02T10:01:00.000+08:00' };
const type = (id: string, value: string) => fireEvent.change(screen.getByTestId(id), { target: { value } });
const click = (id: string) => act(async () => fireEvent.click(screen.getByTestId(id)));

beforeEach(() => signIn(testUser({ id: 'u-admin', roles: ['resident', 'admin'] })));

describe('安全审计 page', () => {
  it('is for admins only', () => {
    signIn(testUser({ roles: ['resident', 'doctor'] }));
    const calls = mockRequests(() => undefined);
    render(<AuditPageView />);
    expect(screen.getByTestId('audit-home').textContent).toContain('仅供系统管理员使用');
    expect(calls).toEqual([]);
  });

  it('shows the chain status and the newest rows; filters and pages by cursor', async () => {
    const calls = mockRequests((c) => {
      if (c.url === '/api/v1/admin/audit/chain') return { status: 200, data: ok };
      if (c.url === '/api/v1/admin/audit') return { status: 200, data: { items: [row(3), row(2, { action: 'auth.login', actorRole: 'resident', detail: null })], nextCursor: '2' } };
      if (c.url === '/api/v1/admin/audit?cursor=2') return { status: 200, data: { items: [row(1, { actorUserId: null })], nextCursor: null } };
      if (c.url === '/api/v1/admin/audit?action=role.*&from=2026-12-01') return { status: 200, data: { items: [row(3)], nextCursor: null } };
    });
    render(<AuditPageView />);
    expect((await screen.findByTestId('audit-row-3')).textContent).toContain('授予角色');
    expect(screen.getByTestId('audit-chain-text').textContent).toBe('审计链完整：已校验 3 条（序号 1–3）');
    expect(screen.getByTestId('audit-row-2').textContent).toContain('登录');
    await click('audit-more');
    expect(screen.getByTestId('audit-row-1').textContent).toContain('系统');
    expect(screen.queryByTestId('audit-more')).toBeNull();

    type('audit-filter-action', ' role.* ');
    type('audit-filter-from', '2026-12-01');
    await click('audit-search');
    expect(calls[calls.length - 1].url).toBe('/api/v1/admin/audit?action=role.*&from=2026-12-01');
    expect(screen.queryByTestId('audit-row-2')).toBeNull();
    expect(screen.getByTestId('audit-row-3')).toBeTruthy();
  });

  it('names the first broken row of a tampered chain, and shows a refused filter', async () => {
    mockRequests((c) => {
      if (c.url === '/api/v1/admin/audit/chain') return { status: 200, data: { ...ok, ok: false, checked: 41, headSeq: 90, firstBroken: { seq: 42, id: 'a-42', reason: 'hash' } } };
      if (c.url === '/api/v1/admin/audit') return { status: 200, data: { items: [], nextCursor: null } };
      if (c.url.startsWith('/api/v1/admin/audit?from=')) return { status: 400, data: errorBody('VALIDATION_FAILED', '开始日期格式应为 YYYY-MM-DD') };
    });
    render(<AuditPageView />);
    expect((await screen.findByTestId('status-empty')).textContent).toContain('没有符合条件的审计记录');
    expect(screen.getByTestId('audit-chain').className).toContain('aud-chain--broken');
    expect(screen.getByTestId('audit-chain-text').textContent).toBe('审计链异常：第 42 条该条记录写入后被改动过。此前 41 条校验通过（序号 1–90）');
    type('audit-filter-from', '2026/12/01');
    await click('audit-search');
    expect((await screen.findByTestId('status-error')).textContent).toContain('开始日期格式应为 YYYY-MM-DD');
  });
});
