import { act, renderHook, waitFor } from '@testing-library/react';
import type { InboxItem } from '@healthpocket/shared-types';
import { doctorApi } from '../services/doctor-api';
import { useInbox } from './use-inbox';

jest.mock('../services/doctor-api', () => ({ doctorApi: { inbox: jest.fn() } }));
const inbox = doctorApi.inbox as jest.MockedFunction<typeof doctorApi.inbox>;

const item = (n: number, patch: Partial<InboxItem> = {}): InboxItem => ({
  conversationId: `c${n}`,
  memberId: `m${n}`,
  memberName: `居民${n}`,
  memberAge: 40,
  memberSex: '女',
  status: 'open',
  lastMessage: '问题',
  lastMessageAt: null,
  waitingSince: null,
  unread: 0,
  openAlerts: 0,
  assignedStaffId: null,
  handover: null,
  ...patch,
});
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => item(from + i));

/** A server of 120 conversations, 50 a page, answering by cursor. */
function serve(all: InboxItem[]) {
  inbox.mockImplementation(async (cursor?: string) => {
    const start = cursor ? Number(cursor) : 0;
    const items = all.slice(start, start + 50);
    return { items, nextCursor: start + 50 < all.length ? String(start + 50) : null };
  });
}

beforeEach(() => inbox.mockReset());

test('加载更多 appends the next page until there is none', async () => {
  serve(range(1, 120));
  const { result } = renderHook(() => useInbox());
  await waitFor(() => expect(result.current.data?.items).toHaveLength(50));
  expect(result.current.nextCursor).toBe('50');
  await act(() => result.current.loadMore());
  expect(result.current.data?.items.map((i) => i.conversationId)).toEqual(range(1, 100).map((i) => i.conversationId));
  await act(() => result.current.loadMore());
  expect(result.current.data?.items).toHaveLength(120);
  expect(result.current.nextCursor).toBeNull();
  expect(inbox.mock.calls.map((c) => c[0])).toEqual([undefined, '50', '100']);
});

test('a reload (a new message) refreshes from the top and keeps as many rows as were shown', async () => {
  serve(range(1, 120));
  const { result } = renderHook(() => useInbox());
  await waitFor(() => expect(result.current.data?.items).toHaveLength(50));
  await act(() => result.current.loadMore());
  // A new alert puts conversation 99 on top.
  const reranked = [item(99, { openAlerts: 1 }), ...range(1, 120).filter((i) => i.conversationId !== 'c99')];
  serve(reranked);
  await act(() => result.current.reload());
  expect(result.current.data?.items[0]).toMatchObject({ conversationId: 'c99', openAlerts: 1 });
  expect(result.current.data?.items).toHaveLength(100);
  expect(new Set(result.current.data?.items.map((i) => i.conversationId)).size).toBe(100);
  expect(result.current.nextCursor).toBe('100');
});
