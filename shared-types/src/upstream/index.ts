/**
 * The upstream contract: zod schemas of every answer the BFF reads from the HIS, the regional
 * health platform, WeChat, WeChat Pay and the health card platform. Exported from the package root
 * as the `upstream` namespace (`upstream.his.Slot`, `upstream.platform.Resident` …). The BFF's
 * Upstream client parses each answer with one before anyone reads it; the sandbox checks each
 * answer it sends against the same one, so the two cannot drift.
 */
export * as his from './his';
export * as platform from './platform';
export * as wechat from './wechat';
export * as wechatpay from './wechatpay';
export * as healthcard from './healthcard';
