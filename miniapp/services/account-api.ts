import Taro from '@tarojs/taro';
import type { DataExportView, DeletionResult } from '@healthpocket/shared-types';
import { apiBase, http, toApiError, tokenStore } from './api';
import { client } from './client';

export type { DataExportView, DeletionResult };

/** 导出我的数据 and 注销账号 (the resident's rights). */
export const accountApi = {
  exports: () => client.GET('/api/v1/me/export'),
  createExport: () => client.POST('/api/v1/me/export'),
  deletionPlan: () => client.GET('/api/v1/me/deletion'),
  deleteAccount: (confirmText: string) => client.POST('/api/v1/me/deletion', { body: { confirmText } }),
};

function exportFileName(e: DataExportView): string {
  return `healthpocket-export-${e.createdAt.slice(0, 10)}.json`;
}

/**
 * Saves an export where the resident can keep it. H5: the browser downloads the JSON file.
 * weapp: the file is downloaded with the resident's token and offered to send to a WeChat chat
 * (文件传输助手 …), the one place a mini-program file reaches the phone's files.
 */
export async function saveExport(e: DataExportView): Promise<void> {
  if (process.env.TARO_ENV === 'weapp') {
    const tokens = tokenStore.get();
    const res = await Taro.downloadFile({ url: `${apiBase()}${e.downloadPath}`, header: tokens ? { Authorization: `Bearer ${tokens.accessToken}` } : {} });
    if (res.statusCode !== 200) throw toApiError(res.statusCode, null);
    await Taro.shareFileMessage({ filePath: res.tempFilePath, fileName: exportFileName(e) });
    return;
  }
  const json = await http.get<unknown>(e.downloadPath);
  const blob = new Blob([JSON.stringify(json, null, 2)], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = exportFileName(e);
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
