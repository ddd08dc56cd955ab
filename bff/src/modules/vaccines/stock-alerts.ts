import { In } from 'typeorm';
import { STOCK_ALERT_LIMIT, STOCK_ALERT_STATUS_LABELS, type CreateStockAlertRequest, type StockAlertList, type StockAlertView } from '@healthpocket/shared-types';
import type { Scope } from '../../audit/audit';
import { newId } from '../../db/columns';
import { FamilyMember, User } from '../../db/entities';
import { isUniqueViolation } from '../../db/unique-violation';
import { errors } from '../../errors';
import { VaccineStockAlert } from './care-entities';
import type { VaccinesContext } from './context';
import type { PlatformProduct } from './platform';
import { chinaIso } from './presenters';
import type { VaccineQueries } from './queries';

/** WeChat's subscribe-message limits: thing ≤ 20 characters, name ≤ 10. */
const cut = (s: string, n: number) => ([...s].length > n ? [...s].slice(0, n - 1).join('') + '…' : s);

function present(a: VaccineStockAlert): StockAlertView {
  return {
    id: a.id,
    memberId: a.memberId,
    clinicId: a.clinicId,
    clinicName: a.clinicName,
    vaccineCode: a.vaccineCode,
    vaccineName: a.vaccineName,
    status: a.status,
    statusLabel: STOCK_ALERT_STATUS_LABELS[a.status],
    createdAt: chinaIso(a.createdAt),
    notifiedAt: a.notifiedAt ? chinaIso(a.notifiedAt) : null,
  };
}

/**
 * 到苗提醒: a member waits for a self-paid vaccine at a clinic that has none left. The job looks at
 * the clinic's stock (new batches from the platform, doses given back by cancellations and
 * no-shows); when doses are there, each waiting alert is claimed by a conditional UPDATE (so it
 * fires once, on one instance) and gets one subscribe message and, if wired, a message-centre notice.
 */
export class VaccineStockAlerts {
  constructor(
    private readonly c: VaccinesContext,
    private readonly q: VaccineQueries,
  ) {}

  private get d() {
    return this.c.deps;
  }

  private get repo() {
    return this.d.ds.getRepository(VaccineStockAlert);
  }

  /** Released doses left at a clinic (what booking could take now). */
  private async available(product: PlatformProduct, clinicId: string): Promise<number> {
    await this.c.inventory.syncStock(product, clinicId);
    const now = this.c.now();
    return (await this.c.inventory.stockOf(clinicId, product.id)).filter((b) => b.releaseAt.getTime() <= now).reduce((n, b) => n + b.remaining, 0);
  }

  async list(scope: Scope, memberId: string): Promise<StockAlertList> {
    const member = await this.q.memberWithConsent(scope, memberId);
    const rows = await this.repo.find({ where: { memberId: member.id, status: In(['waiting', 'notified']) }, order: { createdAt: 'DESC' }, take: 50 });
    return { items: rows.map(present), templateId: this.d.settings.templates.stock, limit: STOCK_ALERT_LIMIT };
  }

  async subscribe(scope: Scope, memberId: string, body: CreateStockAlertRequest): Promise<StockAlertView> {
    const member = await this.q.memberWithConsent(scope, memberId);
    const clinic = (await this.c.platform.clinics()).find((x) => x.id === body.clinicId);
    if (!clinic) throw errors.notFound('没有找到该接种门诊');
    const vaccine = await this.q.vaccineOf(body.vaccineCode);
    if (!vaccine || !clinic.vaccineCodes.includes(body.vaccineCode)) throw errors.of('VACCINE_NOT_OFFERED', `${clinic.name}不提供${vaccine?.name ?? '该疫苗'}`);
    if (vaccine.kind === 'programme') throw errors.of('VACCINE_ALERT_PROGRAMME');
    const activeKey = `${member.id}|${clinic.id}|${body.vaccineCode}`;
    const prior = await this.repo.findOneBy({ activeKey });
    if (prior) return present(prior);
    if ((await this.available(vaccine.product, clinic.id)) > 0) throw errors.of('VACCINE_IN_STOCK', `${clinic.name}现在有${vaccine.name}，可以直接预约`);
    const ownerUserId = member.ownerUserId;
    if ((await this.repo.countBy({ ownerUserId, status: 'waiting' })) >= STOCK_ALERT_LIMIT) throw errors.of('VACCINE_ALERT_LIMIT');
    const id = newId();
    try {
      await this.repo.insert({
        id,
        ownerUserId,
        memberId: member.id,
        clinicId: clinic.id,
        clinicName: clinic.name,
        vaccineCode: body.vaccineCode,
        vaccineName: vaccine.name,
        productId: vaccine.product.id,
        status: 'waiting',
        activeKey,
        notifiedAt: null,
        sendResult: null,
      });
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
      return present(await this.repo.findOneByOrFail({ activeKey }));
    }
    // Two subscriptions racing past the count: the one that makes it eleven steps back.
    if ((await this.repo.countBy({ ownerUserId, status: 'waiting' })) > STOCK_ALERT_LIMIT) {
      await this.repo.delete({ id });
      throw errors.of('VACCINE_ALERT_LIMIT');
    }
    return present(await this.repo.findOneByOrFail({ id }));
  }

  async cancel(scope: Scope, memberId: string, alertId: string): Promise<StockAlertView> {
    const member = await this.q.memberWithConsent(scope, memberId);
    const row = await this.repo.findOneBy({ id: alertId, memberId: member.id });
    if (!row) throw errors.notFound('没有找到这条到苗提醒');
    await this.repo.update({ id: row.id, status: 'waiting' }, { status: 'cancelled', activeKey: null });
    return present(await this.repo.findOneByOrFail({ id: row.id }));
  }

  /** The job's pass: every clinic + vaccine somebody waits for, stock read fresh once per pass. */
  async fireDue(): Promise<{ notified: number; sent: number }> {
    const waiting = await this.repo.find({ where: { status: 'waiting' }, order: { createdAt: 'ASC' }, take: 1000 });
    const out = { notified: 0, sent: 0 };
    if (waiting.length === 0) return out;
    const products = await this.c.platform.products({ fresh: true });
    const groups = new Map<string, VaccineStockAlert[]>();
    for (const a of waiting) groups.set(`${a.clinicId}|${a.productId}`, [...(groups.get(`${a.clinicId}|${a.productId}`) ?? []), a]);
    for (const alerts of groups.values()) {
      const product = products.find((p) => p.id === alerts[0].productId);
      if (!product || (await this.available(product, alerts[0].clinicId)) === 0) continue;
      for (const a of alerts) {
        const claimed = await this.repo.update({ id: a.id, status: 'waiting' }, { status: 'notified', activeKey: null, notifiedAt: new Date(this.c.now()) });
        if (claimed.affected !== 1) continue;
        out.notified++;
        if ((await this.notify(a)) === 'sent') out.sent++;
      }
    }
    return out;
  }

  private async notify(a: VaccineStockAlert): Promise<string> {
    const page = `/vaccines/pages/book/index?code=${encodeURIComponent(a.vaccineCode)}&clinicId=${a.clinicId}&memberId=${a.memberId}`;
    const member = await this.d.ds.getRepository(FamilyMember).findOneBy({ id: a.memberId });
    let result: string;
    const openid = (await this.d.ds.getRepository(User).findOneBy({ id: a.ownerUserId }))?.openid;
    try {
      if (!openid) throw new Error('no openid');
      const r = await this.d.wechat.sendSubscribeMessage({
        touser: openid,
        templateId: this.d.settings.templates.stock,
        page,
        data: { thing1: cut(a.vaccineName, 20), thing2: cut(a.clinicName, 20), name3: cut(member?.name ?? '家人', 10), thing4: '已到苗，名额有限请尽快预约' },
      });
      result = r.result === 'sent' ? 'sent' : `refused ${r.errcode ?? ''}`;
    } catch (e) {
      result = `failed ${(e as Error).message}`;
    }
    await this.repo.update({ id: a.id }, { sendResult: result.slice(0, 120) });
    try {
      await this.d.notices.post(a.ownerUserId, {
        category: 'vaccine',
        title: `${a.vaccineName}到苗了`,
        body: `${a.clinicName}有${a.vaccineName}了，名额有限，请尽快为${member?.name ?? '家人'}预约。`,
        link: page,
        memberId: a.memberId,
        dedupeKey: `vaccine-stock:${a.id}`,
      });
    } catch (e) {
      this.d.logger.warn({ alertId: a.id, err: (e as Error).message }, 'stock alert notice failed');
    }
    return result;
  }
}
