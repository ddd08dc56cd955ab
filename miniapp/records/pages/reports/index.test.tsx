import { act, fireEvent, render, screen, within } from '@testing-library/react';
import Taro from '@tarojs/taro';
import ReportsPage from './index';
import { mockRequests, signIn, testUser } from '../../../test/helpers';
import { router } from '../../../test/taro';

const summary = (over: Record<string, unknown>) => ({
  kind: 'lab',
  date: '2026-12-03',
  institution: '东华街道社区卫生服务中心',
  department: '检验科',
  status: 'final',
  reportedAt: '2026-12-03T15:20:00.000+08:00',
  abnormalCount: 0,
  criticalCount: 0,
  isNew: false,
  ...over,
});

describe('reports list', () => {
  beforeEach(() => {
    signIn(testUser({ name: '张伟', realNameVerified: true }));
    router.params = { member: 'm-self' };
  });

  it('marks an unopened report 新 and says in words whether it is pending, critical, abnormal or normal', async () => {
    mockRequests(() => ({
      status: 200,
      data: {
        stale: false,
        fetchedAt: '2026-12-03T15:21:00.000+08:00',
        subscribeTemplateIds: ['tmpl-report'],
        items: [
          summary({ id: 'a', title: '急诊生化', abnormalCount: 2, criticalCount: 1, isNew: true }),
          summary({ id: 'b', title: '血常规', status: 'registered', reportedAt: null }),
          summary({ id: 'c', title: '生化全项', abnormalCount: 1 }),
          summary({ id: 'd', title: '尿常规' }),
        ],
      },
    }));
    render(<ReportsPage />);
    await act(async () => {});
    const rows = screen.getAllByTestId('report-item');
    expect(rows.map((r) => within(r).getByTestId('report-tag').textContent)).toEqual(['2 项异常 · 含危急值', '待出报告', '1 项异常', '正常']);
    expect(rows.map((r) => within(r).queryByTestId('report-new')?.textContent ?? null)).toEqual(['新', null, null, null]);
    expect(within(rows[0]).getByTestId('report-new').getAttribute('aria-label')).toBe('新报告，未查看');
  });

  it('in the mini-program, with a report pending, asks WeChat for the 报告已出 message right in the tap', async () => {
    process.env.TARO_ENV = 'weapp';
    try {
      mockRequests(() => ({
        status: 200,
        data: {
          stale: false,
          fetchedAt: '2026-12-03T15:21:00.000+08:00',
          subscribeTemplateIds: ['tmpl-report'],
          items: [summary({ id: 'b', title: '血常规', status: 'registered', reportedAt: null })],
        },
      }));
      render(<ReportsPage />);
      await act(async () => {});
      fireEvent.click(screen.getByTestId('reports-subscribe'));
      expect(Taro.requestSubscribeMessage).toHaveBeenCalledWith(expect.objectContaining({ tmplIds: ['tmpl-report'] }));
    } finally {
      delete (process.env as Record<string, string | undefined>).TARO_ENV;
    }
  });

  it('offers no reminder button in H5, where wx.requestSubscribeMessage does not exist', async () => {
    mockRequests(() => ({
      status: 200,
      data: { stale: false, fetchedAt: '2026-12-03T15:21:00.000+08:00', subscribeTemplateIds: ['tmpl-report'], items: [summary({ id: 'b', title: '血常规', status: 'registered', reportedAt: null })] },
    }));
    render(<ReportsPage />);
    await act(async () => {});
    expect(screen.queryByTestId('reports-subscribe')).toBeNull();
  });
});
