import type Redis from 'ioredis';
import type { DataSource } from 'typeorm';
import type { Config } from '../../config';
import type { Tx } from '../../db/data-source';
import type { FieldCrypto } from '../../crypto/field-crypto';
import type { Audit } from '../../audit/audit';
import type { Logger } from '../../logger';
import { Upstream } from '../../upstream/http';
import type { FamilyService } from '../family/service';
import type { ProfileService } from '../profile/service';
import type { WechatClient } from '../../wechat/client';
import { HealthCardPlatform } from './platform-client';
import { HealthCardService } from './service';
import { AppTokenHolder, InProcessTokenStore, RedisTokenStore } from './token-holder';

/** The module's composition: settings, the platform client, the one app token (Redis when shared), the service. */
export function buildHealthCards(d: {
  config: Config;
  ds: DataSource;
  tx: Tx;
  crypto: FieldCrypto;
  audit: Audit;
  logger: Logger;
  redis: Redis | null;
  family: FamilyService;
  profile: ProfileService;
  wechat: WechatClient;
}) {
  const settings = d.config.healthcard;
  const http = new Upstream({ name: 'healthcard', baseUrl: settings.apiBase, timeoutMs: d.config.upstreamTimeoutMs, unavailableMessage: '电子健康卡服务暂时无法使用，请稍后再试', logger: d.logger });
  const platform = new HealthCardPlatform(http, settings, d.logger);
  const store = d.redis ? new RedisTokenStore(d.redis, `${d.config.queue.prefix}:healthcard:app-token:${settings.appId}`) : new InProcessTokenStore();
  platform.useTokenHolder(new AppTokenHolder(store, () => platform.fetchAppToken()));
  return new HealthCardService(d.ds, d.tx, d.crypto, d.family, d.profile, d.audit, platform, d.wechat);
}
