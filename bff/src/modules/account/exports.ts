import { In, LessThan, type DataSource } from 'typeorm';
import { EXPORT_EVERY_MINUTES, EXPORT_TTL_HOURS, type DataExportList, type DataExportView } from '@healthpocket/shared-types';
import { User } from '../../db/entities';
import { newId } from '../../db/columns';
import { lockRow } from '../../db/lock';
import type { Tx } from '../../db/data-source';
import type { FieldCrypto } from '../../crypto/field-crypto';
import type { Audit, Scope } from '../../audit/audit';
import { errors } from '../../errors';
import { DataExport, DataExportPart } from './entities';
import type { AccountDataHandler, AccountDataRegistry } from './registry';

/** Ciphertext characters per part row (MySQL TEXT holds 65,535 bytes). */
const PART_CHARS = 60_000;
const FORMAT = 'healthpocket-export/1';

function presentExport(e: DataExport, now = new Date()): DataExportView {
  return {
    id: e.id,
    status: e.expiresAt > now ? 'ready' : 'expired',
    createdAt: e.createdAt.toISOString(),
    expiresAt: e.expiresAt.toISOString(),
    bytes: e.bytes,
    downloadPath: `/api/v1/me/export/${e.id}`,
  };
}

/**
 * 导出我的数据 (PIPL Art. 45): every registered module's section of the resident's own data, as
 * one JSON file, encrypted at rest, downloadable by its owner for EXPORT_TTL_HOURS. One export per
 * EXPORT_EVERY_MINUTES (checked under the user's row lock, so two taps make one file).
 */
export class AccountExports {
  constructor(
    private readonly ds: DataSource,
    private readonly tx: Tx,
    private readonly crypto: FieldCrypto,
    private readonly audit: Audit,
    private readonly registry: AccountDataRegistry,
    private readonly memberIdsOf: (userId: string) => Promise<string[]>,
  ) {}

  async create(scope: Scope): Promise<DataExportView> {
    const userId = scope.actor.userId;
    const now = new Date();
    const sections = await this.registry.exportAll({ userId, memberIds: await this.memberIdsOf(userId) });
    const file = {
      format: FORMAT,
      exportedAt: now.toISOString(),
      note: '本文件包含健康口袋保存的您本人及您添加的家庭成员的信息。健康档案、检查检验报告和疫苗接种记录保存在区域健康信息平台，可在「健康档案」中查看；医院病历请向就诊医院申请复印。',
      sections,
    };
    const json = JSON.stringify(file, null, 2);
    const enc = this.crypto.encrypt(json);
    const parts: string[] = [];
    for (let i = 0; i < enc.length; i += PART_CHARS) parts.push(enc.slice(i, i + PART_CHARS));
    return this.tx.run(async (m) => {
      // Under the user's row lock: two taps make one file, and a deleted account makes none.
      if (!(await lockRow(m, this.tx.dialect, User, userId))) throw errors.unauthenticated();
      const last = await m.getRepository(DataExport).findOne({ where: { userId }, order: { createdAt: 'DESC' } });
      const next = last ? new Date(last.createdAt.getTime() + EXPORT_EVERY_MINUTES * 60_000) : null;
      if (next && next > now) throw errors.of('EXPORT_TOO_FREQUENT', undefined, { nextAllowedAt: next.toISOString() });
      await this.removeWhere(m, { userId, expiresAt: LessThan(now) });
      const row = m
        .getRepository(DataExport)
        .create({ id: newId(), userId, bytes: Buffer.byteLength(json), parts: parts.length, expiresAt: new Date(now.getTime() + EXPORT_TTL_HOURS * 3600_000), createdAt: now });
      await m.getRepository(DataExport).insert(row);
      await m.getRepository(DataExportPart).insert(parts.map((data, seq) => ({ id: newId(), exportId: row.id, seq, data })));
      await this.audit.record(scope, { action: 'account.export', subjectType: 'user', subjectId: userId, detail: { exportId: row.id, bytes: row.bytes, sections: Object.keys(sections) } }, m);
      return presentExport(row, now);
    });
  }

  async list(scope: Scope): Promise<DataExportList> {
    const rows = await this.ds.getRepository(DataExport).find({ where: { userId: scope.actor.userId }, order: { createdAt: 'DESC' }, take: 5 });
    const next = rows[0] ? new Date(rows[0].createdAt.getTime() + EXPORT_EVERY_MINUTES * 60_000) : null;
    return { items: rows.map((r) => presentExport(r)), nextAllowedAt: next && next > new Date() ? next.toISOString() : null };
  }

  /** The file, for its owner only (anyone else: 404, as if it did not exist). */
  async file(scope: Scope, id: string): Promise<{ filename: string; json: string }> {
    const row = await this.ds.getRepository(DataExport).findOneBy({ id });
    if (!row || row.userId !== scope.actor.userId) throw errors.notFound('没有找到该导出文件');
    if (row.expiresAt <= new Date()) throw errors.of('EXPORT_EXPIRED');
    const parts = await this.ds.getRepository(DataExportPart).find({ where: { exportId: id }, order: { seq: 'ASC' } });
    const json = this.crypto.decrypt(parts.map((p) => p.data).join(''));
    await this.audit.record(scope, { action: 'account.export.download', subjectType: 'user', subjectId: scope.actor.userId, detail: { exportId: id } });
    return { filename: `healthpocket-export-${row.createdAt.toISOString().slice(0, 10)}.json`, json };
  }

  /** The account module's own data: exports are deleted with the account. */
  accountData(): AccountDataHandler {
    return {
      section: 'dataExports',
      erase: async (m, e) => this.removeWhere(m, { userId: e.userId }),
    };
  }

  private async removeWhere(m: import('typeorm').EntityManager, where: Record<string, unknown>): Promise<void> {
    const rows = await m.getRepository(DataExport).find({ where, select: { id: true } });
    if (!rows.length) return;
    const ids = rows.map((r) => r.id);
    await m.getRepository(DataExportPart).delete({ exportId: In(ids) });
    await m.getRepository(DataExport).delete({ id: In(ids) });
  }
}
