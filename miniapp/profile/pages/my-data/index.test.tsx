import { act, fireEvent, render, screen } from '@testing-library/react';
import MyDataPage from './index';
import { errorBody, mockRequests, signIn, testUser } from '../../../test/helpers';

beforeEach(() => signIn(testUser({ realNameVerified: true, name: '张伟' })));

const ready = {
  id: '7d1b4a8e-0000-4000-8000-000000000001',
  status: 'ready',
  createdAt: '2026-12-02T08:30:00.000Z',
  expiresAt: '2026-12-03T08:30:00.000Z',
  bytes: 20480,
  downloadPath: '/api/v1/me/export/7d1b4a8e-0000-4000-8000-000000000001',
};

describe('我的数据与账号', () => {
  it('exports, then shows the file with its validity and downloads it with the resident’s token', async () => {
    let items: unknown[] = [];
    let next: string | null = null;
    const calls = mockRequests((c) => {
      if (c.method === 'GET' && c.url.endsWith('/api/v1/me/export')) return { status: 200, data: { items, nextAllowedAt: next } };
      if (c.method === 'POST' && c.url.endsWith('/api/v1/me/export')) {
        items = [ready];
        next = '2026-12-02T09:30:00.000Z';
        return { status: 201, data: ready };
      }
      if (c.method === 'GET' && c.url.endsWith(ready.downloadPath)) return { status: 200, data: { format: 'healthpocket-export/1', sections: {} } };
    });
    const created: Blob[] = [];
    Object.assign(URL, { createObjectURL: jest.fn((b: Blob) => (created.push(b), 'blob:x')), revokeObjectURL: jest.fn() });
    const click = jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    render(<MyDataPage />);

    expect(await screen.findByTestId('export-empty')).toBeTruthy();
    await act(async () => fireEvent.click(screen.getByTestId('export-create')));

    expect(screen.getByTestId('export-status').textContent).toBe('可下载，12月3日 16:30前有效');
    // One an hour: the button gives way to when the next export may be made.
    expect(screen.queryByTestId('export-create')).toBeNull();
    expect(screen.getByTestId('export-next').textContent).toBe('12月2日 17:30后可再次导出');

    await act(async () => fireEvent.click(screen.getByTestId('export-download')));
    const download = calls.find((c) => c.url.endsWith(ready.downloadPath))!;
    expect(download.header.Authorization).toBe('Bearer access-1');
    expect(created).toHaveLength(1);
    expect(click).toHaveBeenCalledTimes(1);
    click.mockRestore();
  });

  it('says what went wrong when the export is refused, and that an expired file must be made again', async () => {
    mockRequests((c) => {
      if (c.method === 'GET') return { status: 200, data: { items: [{ ...ready, status: 'expired' }], nextAllowedAt: null } };
      if (c.method === 'POST') return { status: 429, data: errorBody('EXPORT_TOO_FREQUENT', '每小时只能导出一次数据，请稍后再试') };
    });
    render(<MyDataPage />);
    expect((await screen.findByTestId('export-status')).textContent).toBe('已过期，请重新导出');
    expect(screen.queryByTestId('export-download')).toBeNull();
    await act(async () => fireEvent.click(screen.getByTestId('export-create')));
    expect(screen.getByTestId('my-data-error').textContent).toBe('每小时只能导出一次数据，请稍后再试');
  });

  it('shows an error with 重试 when the list cannot load', async () => {
    mockRequests(() => 'network-error');
    render(<MyDataPage />);
    expect(await screen.findByTestId('status-error')).toBeTruthy();
  });
});
