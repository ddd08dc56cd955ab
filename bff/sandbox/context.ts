import type { Faults } from './faults';
import type { WechatState } from './wechat/state';

/** What every upstream stand-in's router factory gets (sandbox/parts.ts lists the factories). */
export interface SandboxContext {
  appid: string;
  secret: string;
  seed: number;
  faults: Faults;
  wechat: WechatState;
  keysDir?: string;
}
