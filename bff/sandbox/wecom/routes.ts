import Router from '@koa/router';
import type { SandboxContext } from '../context';

/** What a group robot received (sandbox read-back). */
interface RobotMessage {
  key: string;
  msgtype: 'markdown' | 'text';
  content: string;
  receivedAt: string;
}

const MAX_BYTES = { markdown: 4096, text: 2048 } as const;
const PER_MINUTE = 20;

/**
 * 企业微信 group robot (群机器人) webhook, `POST /wecom/cgi-bin/webhook/send?key=KEY` — the real
 * path under https://qyapi.weixin.qq.com — with WeCom's answers: HTTP 200 and an errcode
 * (0 ok; 93000 bad key; 40008 unknown msgtype; 40058 content too long or missing; 45009 over
 * 20 messages a minute per robot). Every accepted message is recorded for tests:
 * `GET /wecom/sandbox/robot-messages?key=` reads them back, `DELETE` clears them.
 */
export function wecomRoutes(_ctx: SandboxContext): Router {
  const r = new Router({ prefix: '/wecom' });
  const received: RobotMessage[] = [];
  const err = (errcode: number, errmsg: string) => ({ errcode, errmsg: `${errmsg}, hint: [sbx]` });

  r.post('/cgi-bin/webhook/send', (ctx) => {
    const key = typeof ctx.query.key === 'string' ? ctx.query.key : '';
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(key)) return void (ctx.body = err(93000, 'invalid webhook url'));
    const b = (ctx.request.body ?? {}) as { msgtype?: string; markdown?: { content?: unknown }; text?: { content?: unknown } };
    if (b.msgtype !== 'markdown' && b.msgtype !== 'text') return void (ctx.body = err(40008, 'invalid message type'));
    const content = b.msgtype === 'markdown' ? b.markdown?.content : b.text?.content;
    if (typeof content !== 'string' || content.length === 0) return void (ctx.body = err(40058, `${b.msgtype}.content missing`));
    if (Buffer.byteLength(content) > MAX_BYTES[b.msgtype]) return void (ctx.body = err(40058, `${b.msgtype}.content exceed max length ${MAX_BYTES[b.msgtype]}`));
    const since = Date.now() - 60_000;
    if (received.filter((m) => m.key === key && Date.parse(m.receivedAt) > since).length >= PER_MINUTE) return void (ctx.body = err(45009, 'api freq out of limit'));
    received.push({ key, msgtype: b.msgtype, content, receivedAt: new Date().toISOString() });
    ctx.body = { errcode: 0, errmsg: 'ok' };
  });

  r.get('/sandbox/robot-messages', (ctx) => {
    const key = ctx.query.key as string | undefined;
    ctx.body = { items: key ? received.filter((m) => m.key === key) : received };
  });

  r.delete('/sandbox/robot-messages', (ctx) => {
    received.length = 0;
    ctx.status = 204;
  });

  return r;
}
