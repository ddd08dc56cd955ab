import { Text, View } from '@tarojs/components';
import { useState } from 'react';
import { ActionButton } from '../../../components/ActionButton';
import { PageShell } from '../../../components/PageShell';
import { StatusView } from '../../../components/StatusView';
import { useRequest } from '../../../components/useRequest';
import { messageOf } from '../../../services/api';
import { accountApi, saveExport, type DataExportView } from '../../../services/account-api';
import { EXPORT_TTL_HOURS } from '../../../services/consent-texts';
import { openRoute } from '../../../services/navigate';
import { ROUTES } from '../../../services/routes';
import { asyncHandler, showToast } from '../../../services/ui';
import './index.scss';

/** 2026-12-02T08:30:00Z → 12月2日 16:30 (China time). */
function chinaTime(iso: string): string {
  const d = new Date(Date.parse(iso) + 8 * 3600_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`;
}

function size(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** 导出我的数据 (with its status and the download) and the way to 注销账号. */
export default function MyDataPage() {
  const list = useRequest(() => accountApi.exports(), []);
  const [busy, setBusy] = useState<'export' | 'download' | null>(null);
  const [error, setError] = useState<string | null>(null);

  const latest: DataExportView | undefined = list.data?.items[0];
  const nextAllowedAt = list.data?.nextAllowedAt ?? null;

  const make = async () => {
    setBusy('export');
    setError(null);
    try {
      await accountApi.createExport();
      await list.reload();
      showToast({ title: '已生成，可以下载', icon: 'none' });
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(null);
    }
  };

  const download = async (e: DataExportView) => {
    setBusy('download');
    setError(null);
    try {
      await saveExport(e);
    } catch (err) {
      setError(messageOf(err));
      void list.reload();
    } finally {
      setBusy(null);
    }
  };

  return (
    <PageShell className='mydata' testId='my-data-page'>
      {error && (
        <View className='hp-alert hp-alert--error mydata__alert' data-testid='my-data-error' role='alert'>
          <Text>{error}</Text>
        </View>
      )}
      <View className='mydata__card' data-testid='export-card'>
        <Text className='mydata__title'>导出我的数据</Text>
        <Text className='mydata__text'>
          生成一份包含您的账号信息、家庭成员、预约挂号、疫苗预约、缴费记录、家庭医生咨询记录、自测数据、授权记录和访问记录的文件（JSON 格式）。文件生成后{EXPORT_TTL_HOURS}
          小时内可下载，每小时可导出一次。
        </Text>
        <Text className='mydata__hint'>健康档案和检查检验报告保存在区域健康信息平台，请在「健康档案」中查看。</Text>
        <StatusView loading={list.loading && !list.data} error={list.error} onRetry={() => void list.reload()} keepChildren>
          {latest ? (
            <View className='mydata__file' data-testid='export-latest'>
              <Text className='mydata__file-name'>
                {chinaTime(latest.createdAt)} 生成 · {size(latest.bytes)}
              </Text>
              <Text className={`mydata__file-status mydata__file-status--${latest.status}`} data-testid='export-status'>
                {latest.status === 'ready' ? `可下载，${chinaTime(latest.expiresAt)}前有效` : '已过期，请重新导出'}
              </Text>
              {latest.status === 'ready' && (
                <ActionButton
                  className='hp-btn hp-btn--ghost hp-btn--block mydata__btn'
                  data-testid='export-download'
                  loading={busy === 'download'}
                  disabled={!!busy || undefined}
                  onClick={asyncHandler(() => download(latest))}
                >
                  {process.env.TARO_ENV === 'weapp' ? '下载并发送到微信聊天' : '下载文件'}
                </ActionButton>
              )}
            </View>
          ) : (
            <Text className='mydata__empty' data-testid='export-empty'>
              还没有导出过数据
            </Text>
          )}
          {nextAllowedAt ? (
            <Text className='mydata__hint' data-testid='export-next'>
              {chinaTime(nextAllowedAt)}后可再次导出
            </Text>
          ) : (
            <ActionButton className='hp-btn hp-btn--block mydata__btn' data-testid='export-create' loading={busy === 'export'} disabled={!!busy || undefined} onClick={asyncHandler(make)}>
              {latest ? '重新导出' : '导出我的数据'}
            </ActionButton>
          )}
        </StatusView>
      </View>

      <View className='mydata__card'>
        <Text className='mydata__title'>隐私与授权</Text>
        <Text className='mydata__text'>查看和撤回您同意过的授权，以及撤回后会停止什么。</Text>
        <View role='button' className='mydata__link' data-testid='my-data-privacy' onClick={() => openRoute(ROUTES.privacy)}>
          <Text>隐私与授权</Text>
          <Text className='mydata__arrow'>›</Text>
        </View>
      </View>

      <View className='mydata__card'>
        <Text className='mydata__title'>注销账号</Text>
        <Text className='mydata__text'>注销后您的账号和个人信息将被删除，法律要求保存的缴费和诊疗记录会与账号分开保存到期限届满。</Text>
        <View role='button' className='mydata__link mydata__link--danger' data-testid='my-data-delete' onClick={() => openRoute(ROUTES.deleteAccount)}>
          <Text>注销账号</Text>
          <Text className='mydata__arrow'>›</Text>
        </View>
      </View>
    </PageShell>
  );
}
