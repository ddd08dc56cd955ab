import WebSocket from 'ws';
import { chinaToday, type ServerFrame } from '@healthpocket/shared-types';
import { currentAgreement } from '@healthpocket/shared-types';
import type { Stack } from '../../../test/harness';

/** 勾选 + 签署 of the agreement in force (or of `version`), as the apply page sends it. */
export const signature = (signerName: string, version = currentAgreement(chinaToday()).version) => ({ version, accepted: true as const, signerName });

/** The personas of bff/sandbox/API.md used by the doctor tests. */
export const ZHANG_WEI = { name: '张伟', idNumber: '110101199003077838' };
export const CHEN_JING = { name: '陈静', idNumber: '11010219840406970X' };
export const WANG_XIUYING = { name: '王秀英', idNumber: '11010519491231002X' };
export const ZHOU_LEI = { name: '周磊', idNumber: '310101198511170038' };
export const SUN_YUE = { name: '孙悦', idNumber: '110105199504123420' };

/** A staff user: a login with the doctor role and a platform staff id (D-FD-001 is 李明 of T001). */
export async function staff(s: Stack, doctorId: string | undefined, openid = `doc_${doctorId ?? 'none'}_${Math.random().toString(36).slice(2, 8)}`) {
  await s.bff.services.auth.grant(openid, ['doctor'], doctorId);
  const l = await s.login(openid);
  return { token: l.accessToken as string, userId: l.user.id as string, openid };
}

/** A real-named resident who also agreed to the health-data consent. */
export async function residentWithConsent(s: Stack, who: { name: string; idNumber: string }) {
  const r = await s.resident({ name: who.name, idNumber: who.idNumber });
  const { body } = await s.api('GET', '/api/v1/me/consents', { token: r.token });
  await s.api('POST', '/api/v1/me/consents', { token: r.token, body: { kind: 'health_data', textVersion: body.current.health_data.version } });
  const members = await s.api('GET', '/api/v1/family/members', { token: r.token });
  return { ...r, selfId: members.body.items[0].id as string };
}

let seq = 0;
export const clientId = (prefix = 'c') => `${prefix}${Date.now().toString(36)}${(seq++).toString(36)}xxxxxxxx`.slice(0, 40);

/** A WebSocket client of /api/v1/realtime that keeps every frame and can wait for one. */
export class WsClient {
  frames: ServerFrame[] = [];
  closed: { code: number; reason: string } | null = null;
  private waiters: Array<() => void> = [];
  private constructor(readonly ws: WebSocket) {
    ws.on('message', (d) => {
      this.frames.push(JSON.parse(d.toString()) as ServerFrame);
      this.waiters.forEach((w) => w());
    });
    ws.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString() };
      this.waiters.forEach((w) => w());
    });
  }

  static async open(baseUrl: string, token: string | null): Promise<WsClient> {
    const ws = new WebSocket(baseUrl.replace(/^http/, 'ws') + '/api/v1/realtime');
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    const c = new WsClient(ws);
    if (token) {
      c.send({ type: 'auth', token });
      await c.next((f) => f.type === 'ready');
    }
    return c;
  }

  send(frame: unknown) {
    this.ws.send(JSON.stringify(frame));
  }

  /** Resolves with the first frame (from the start) that matches; rejects after `ms`. */
  next<T = ServerFrame>(pred: (f: ServerFrame) => boolean, ms = 5000): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const check = () => {
        const f = this.frames.find(pred);
        if (f) {
          cleanup();
          resolve(f as unknown as T);
        } else if (this.closed) {
          cleanup();
          reject(new Error(`socket closed ${this.closed.code} ${this.closed.reason} before the frame arrived`));
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`no matching frame in ${ms} ms; got ${JSON.stringify(this.frames.map((f) => f.type))}`));
      }, ms);
      const cleanup = () => {
        clearTimeout(timer);
        this.waiters = this.waiters.filter((w) => w !== check);
      };
      this.waiters.push(check);
      check();
    });
  }

  waitClosed(ms = 5000): Promise<{ code: number; reason: string }> {
    return new Promise((resolve, reject) => {
      if (this.closed) return resolve(this.closed);
      const t = setTimeout(() => reject(new Error('socket did not close')), ms);
      this.ws.once('close', (code, reason) => {
        clearTimeout(t);
        resolve({ code, reason: reason.toString() });
      });
    });
  }

  /**
   * The messages received, one per id in the order first seen, as the app keeps them: a message can
   * reach a socket twice (live fan-out and the catch-up asked for on reconnect) and the app merges by id.
   */
  messages(conversationId?: string) {
    const byId = new Map<string, any>();
    for (const f of this.frames) {
      if (f.type === 'message' && (!conversationId || f.message.conversationId === conversationId) && !byId.has(f.message.id)) byId.set(f.message.id, f.message);
    }
    return [...byId.values()];
  }

  close() {
    this.ws.terminate();
  }
}

export async function eventually<T>(fn: () => Promise<T | undefined | null | false>, ms = 5000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
