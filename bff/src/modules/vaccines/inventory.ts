import { In, type DataSource, type EntityManager } from 'typeorm';
import { VaccineSessionQuota, VaccineStock } from './entities';
import type { SoldOutGate } from '../../http/sold-out';
import type { AdmissionCounter } from '../../http/admission';
import type { PlatformProduct, PlatformSession } from './platform';

export const quotaIdOf = (sessionId: string, vaccineCode: string) => `${sessionId}|${vaccineCode}`;

/**
 * Session places and stock on our database. The counters only move through conditional UPDATEs
 * whose affected-row count decides (… WHERE booked < capacity, … WHERE remaining > 0), so no place
 * or dose is handed out twice however many requests race, on one instance or several.
 */
export class Inventory {
  /** Rows known to exist, so a rush does not re-insert them on every request. */
  private readonly known = new Set<string>();
  constructor(
    private readonly ds: DataSource,
    /**
     * Clinic + vaccine seen without a dose left, for a moment: a rush's late comers are told at
     * once (by the route's admission step) instead of each reading the stock. It only ever refuses
     * early; the conditional UPDATE decides, and a returned dose is seen within the gate's TTL.
     */
    readonly soldOut: SoldOutGate,
    /** A session's doses as a rush's counter: at most the places and doses left are admitted. */
    readonly admission: AdmissionCounter,
  ) {}

  static soldOutKey(clinicId: string, vaccineCode: string): string {
    return `vaccine:${clinicId}|${vaccineCode}`;
  }

  static admissionKey(clinicId: string, sessionId: string, vaccineCode: string): string {
    return `vaccine:${clinicId}|${sessionId}|${vaccineCode}`;
  }

  /** A place or a dose came back: the next attempt reads the stock again. */
  reopened(a: { clinicId: string; sessionId: string; vaccineCode: string }): void {
    this.soldOut.open(Inventory.soldOutKey(a.clinicId, a.vaccineCode));
    this.admission.reset(Inventory.admissionKey(a.clinicId, a.sessionId, a.vaccineCode));
  }

  async quotaRow(id: string): Promise<VaccineSessionQuota | null> {
    return this.ds.getRepository(VaccineSessionQuota).findOneBy({ id });
  }

  /** Creates the quota row from the platform's capacity the first time a session is used. */
  async ensureQuota(session: PlatformSession, vaccineCode: string, capacity: number): Promise<string> {
    const id = quotaIdOf(session.id, vaccineCode);
    if (this.known.has(id)) return id;
    await this.ds.createQueryBuilder().insert().into(VaccineSessionQuota).values({ id, clinicId: session.clinicId, sessionId: session.id, vaccineCode, capacity, booked: 0 }).orIgnore().execute();
    this.known.add(id);
    return id;
  }

  async booked(ids: string[]): Promise<Map<string, number>> {
    if (ids.length === 0) return new Map();
    const rows = await this.ds.getRepository(VaccineSessionQuota).findBy({ id: In(ids) });
    return new Map(rows.map((r) => [r.id, r.booked]));
  }

  async takeQuota(m: EntityManager, id: string): Promise<boolean> {
    const r = await m
      .createQueryBuilder()
      .update(VaccineSessionQuota)
      .set({ booked: () => 'booked + 1' })
      .where('id = :id AND booked < capacity', { id })
      .execute();
    return r.affected === 1;
  }

  async releaseQuota(m: EntityManager, id: string): Promise<void> {
    await m
      .createQueryBuilder()
      .update(VaccineSessionQuota)
      .set({ booked: () => 'booked - 1' })
      .where('id = :id AND booked > 0', { id })
      .execute();
  }

  /**
   * Imports the clinic's batches of a product (new allocations appear on the platform first). A
   * withdrawn batch (停用) holds nothing any more: remaining and quantity go to 0, so no dose is
   * taken from it and none is given back to it by a cancellation.
   */
  async syncStock(product: PlatformProduct, clinicId: string): Promise<void> {
    for (const b of product.batches) {
      if (b.clinicId !== clinicId) continue;
      if (b.status === 'withdrawn') {
        if (this.known.has(`withdrawn:${b.id}`)) continue;
        await this.ds.createQueryBuilder().update(VaccineStock).set({ remaining: 0, quantity: 0 }).where('id = :id', { id: b.id }).execute();
        this.known.add(`withdrawn:${b.id}`);
      }
      if (this.known.has(b.id)) continue;
      await this.ds
        .createQueryBuilder()
        .insert()
        .into(VaccineStock)
        .values({
          id: b.id,
          clinicId,
          productId: product.id,
          batchNo: b.batchNo,
          quantity: b.status === 'withdrawn' ? 0 : b.quantity,
          remaining: b.status === 'withdrawn' ? 0 : b.quantity,
          releaseAt: new Date(b.releaseAt),
        })
        .orIgnore()
        .execute();
      this.known.add(b.id);
    }
  }

  /** Batches in release order (oldest first, so older stock goes first). */
  async stockOf(clinicId: string, productId: string): Promise<VaccineStock[]> {
    const rows = await this.ds.getRepository(VaccineStock).findBy({ clinicId, productId });
    return rows.sort((a, b) => a.releaseAt.getTime() - b.releaseAt.getTime() || (a.id < b.id ? -1 : 1));
  }

  /** Takes one dose from the first released batch that has one; null when none is left. */
  async takeStock(m: EntityManager, batchIds: string[], now: Date): Promise<string | null> {
    for (const id of batchIds) {
      const r = await m
        .createQueryBuilder()
        .update(VaccineStock)
        .set({ remaining: () => 'remaining - 1' })
        .where('id = :id AND remaining > 0 AND releaseAt <= :now', { id, now })
        .execute();
      if (r.affected === 1) return id;
    }
    return null;
  }

  async releaseStock(m: EntityManager, id: string): Promise<void> {
    await m
      .createQueryBuilder()
      .update(VaccineStock)
      .set({ remaining: () => 'remaining + 1' })
      .where('id = :id AND remaining < quantity', { id })
      .execute();
  }
}
