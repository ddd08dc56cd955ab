import type { DataSource } from 'typeorm';
import type { Audit } from '../../audit/audit';
import type { Logger } from '../../logger';
import type { Upstream } from '../../upstream/http';
import type { WechatClient } from '../../wechat/client';
import type { FamilyService } from '../family/service';
import type { Notices } from '../messages';
import type { ProfileService } from '../profile/service';
import { PlatformRecords } from './platform-client';
import { ReportAlerts } from './report-alerts';
import { RecordsService } from './service';
import type { RecordsSettings } from './settings';

/** 健康档案: the records service over the platform (and the HIS), and the 报告已出 alerts job (subscribe message + 消息中心 copy). */
export function buildRecords(d: {
  ds: DataSource;
  platformHttp: Upstream;
  his: Upstream;
  family: FamilyService;
  profile: ProfileService;
  audit: Audit;
  wechat: WechatClient;
  settings: RecordsSettings;
  logger: Logger;
  notices: Notices;
}) {
  const platform = new PlatformRecords(d.platformHttp, d.settings);
  const service = new RecordsService(d.ds, platform, d.his, d.family, d.profile, d.audit, d.settings);
  const reportAlerts = new ReportAlerts({
    ds: d.ds,
    platform,
    family: d.family,
    profile: d.profile,
    wechat: d.wechat,
    settings: d.settings,
    logger: d.logger,
    recordNumberOf: (m) => service.recordNumberOf(m),
    notices: d.notices,
  });
  return { service, reportAlerts, jobs: [reportAlerts.job] };
}
