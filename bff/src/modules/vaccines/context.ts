import { chinaToday } from '@healthpocket/shared-types';
import type { DataSource } from 'typeorm';
import type { Audit } from '../../audit/audit';
import type { Tx } from '../../db/data-source';
import type { Logger } from '../../logger';
import type { Upstream } from '../../upstream/http';
import type { Outbox } from '../../outbox/outbox';
import type { Notices } from '../messages';
import type { WechatClient } from '../../wechat/client';
import type { FamilyService } from '../family/service';
import type { ProfileService } from '../profile/service';
import type { PaymentsPort as Payments } from '../payments/port';
import { Inventory } from './inventory';
import type { SoldOutGate } from '../../http/sold-out';
import type { AdmissionCounter } from '../../http/admission';
import { VaccinationPlatform, type PlatformProduct } from './platform';
import { loadSchedule, type Schedule } from './schedule/schema';
import type { EngineOptions } from './schedule/engine';
import type { VaccineSettings } from './settings';
import { Subjects } from './subjects';

/** What the vaccines module uses of payments (the payments module's one port). */
type PaymentsPort = Pick<Payments, 'registerPurpose' | 'createOrder' | 'close' | 'requestRefundLater'>;

export interface VaccinesDeps {
  ds: DataSource;
  tx: Tx;
  logger: Logger;
  settings: VaccineSettings;
  family: FamilyService;
  profile: ProfileService;
  audit: Audit;
  wechat: WechatClient;
  /** 消息中心: each reminder also leaves its durable copy there. */
  notices: Notices;
  platformHttp: Upstream;
  soldOut: SoldOutGate;
  admission: AdmissionCounter;
  payments: PaymentsPort;
  /** Delivers AEFI reports to the platform (the shared transactional outbox). */
  outbox: Outbox;
}

/** Shared state of the module's parts: the schedule, the platform, inventory and the clock. */
export class VaccinesContext {
  readonly schedule: Schedule;
  readonly platform: VaccinationPlatform;
  readonly subjects: Subjects;
  readonly inventory: Inventory;
  /** Tests move time by replacing this. */
  clock: () => number = Date.now;

  constructor(readonly deps: VaccinesDeps) {
    this.schedule = loadSchedule(deps.settings.scheduleFile);
    this.platform = new VaccinationPlatform(deps.platformHttp);
    this.subjects = new Subjects(deps.ds, deps.family, this.platform);
    this.inventory = new Inventory(deps.ds, deps.soldOut, deps.admission);
  }

  now(): number {
    return this.clock();
  }

  today(): string {
    return chinaToday(new Date(this.clock()));
  }

  programmeVaccine(code: string) {
    return this.schedule.programme.find((v) => v.code === code) ?? null;
  }

  /** Names and live injectables beyond the programme (self-paid products), for the engine's reasons and gaps. */
  engineOptions(products: PlatformProduct[]): EngineOptions {
    return {
      liveInjectableCodes: products.filter((p) => p.live && p.route !== 'oral').map((p) => p.code),
      names: Object.fromEntries(products.map((p) => [p.code, p.shortName])),
    };
  }

  seriesOf(code: string): string {
    const v = this.programmeVaccine(code);
    return v ? (v.series ?? v.code) : code;
  }
}
