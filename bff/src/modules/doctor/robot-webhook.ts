import { upstream } from '@healthpocket/shared-types';
import { Upstream } from '../../upstream/http';
import type { Logger } from '../../logger';

/**
 * A 企业微信 group robot (群机器人): `POST <webhook>?key=KEY` with a markdown body, answered
 * `{errcode: 0, errmsg: 'ok'}` (bff/sandbox/API.md). The key is the robot's only credential: it
 * stays in the query and is never logged (Upstream logs paths only). Any other answer throws, so
 * the outbox retries the message.
 */
export class RobotWebhook {
  private readonly http: Upstream;
  private readonly path: string;
  private readonly key: string;

  constructor(webhookUrl: string, timeoutMs: number, logger: Logger) {
    const u = new URL(webhookUrl);
    this.key = u.searchParams.get('key') ?? '';
    this.path = u.pathname;
    this.http = new Upstream({ name: 'wecom-robot', baseUrl: u.origin, timeoutMs, unavailableMessage: '企业微信群机器人暂时无法访问', logger });
  }

  async sendMarkdown(content: string): Promise<void> {
    // WeCom refuses markdown over 4096 bytes (errcode 40058): our messages are far shorter.
    const res = await this.http.post(this.path, upstream.wechat.RobotWebhook, { msgtype: 'markdown', markdown: { content } }, { query: { key: this.key } });
    if (!res.ok || res.body.errcode !== 0) throw new Error(`wecom robot answered ${res.status} errcode ${(res.ok && res.body.errcode) ?? '-'} ${(res.ok && res.body.errmsg) || ''}`.trim());
  }
}
