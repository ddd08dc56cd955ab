import { randomBytes } from 'node:crypto';
import { maskIdNumber, parseIdNumber } from '@healthpocket/shared-types';
import type { SandboxContext } from '../context';

/** The sandbox open-platform app (an ISV's appId/appSecret bound to one hospitalId). */
export const HEALTHCARD_SANDBOX_APP = { appId: 'hc_sandbox_app_0001', appSecret: 'sandbox-healthcard-secret', hospitalId: '33010099' };

export const APP_TOKEN_TTL_SECONDS = 7200;
/** A dynamic code is good for this long ("refreshed every minute or so"). */
export const DYNAMIC_QR_TTL_SECONDS = 60;
/** commonIn.timestamp may differ from the platform clock by this much. */
export const TIMESTAMP_SKEW_SECONDS = 300;

/** commonOut.resultCode values the stand-in answers (see ../API.md: the real numbers were not published). */
export const RESULT = {
  OK: 0,
  BAD_REQUEST: 10000,
  SIGN_INVALID: 10001,
  APP_TOKEN_INVALID: 10002,
  APP_INVALID: 10003,
  TIMESTAMP_INVALID: 10004,
  IDENTITY_REJECTED: 20001,
  CARD_NOT_FOUND: 20002,
  QR_EXPIRED: 20003,
  QR_INVALID: 20004,
} as const;

export interface GuardianInfo {
  name: string;
  idType: string;
  idNumber: string;
}

export interface SandboxHealthCard {
  healthCardId: string;
  phid: string;
  name: string;
  gender: '男' | '女';
  nation: string;
  birthday: string;
  idType: string;
  /** '' for a child registered through a guardian (childInfo). */
  idNumber: string;
  phone1: string;
  relation: string;
  guardian: GuardianInfo | null;
  openId: string;
  staticQrCodeText: string;
  createdAt: number;
}

export class HealthCardState {
  private currentToken: { token: string; expiresAt: number } | null = null;
  private offsetMs = 0;
  readonly cards = new Map<string, SandboxHealthCard>();
  private readonly byPerson = new Map<string, string>();
  private readonly dynamicCodes = new Map<string, { healthCardId: string; validUntil: number }>();
  readonly stats = { tokensIssued: 0, registerCalls: 0, qrCodesIssued: 0 };
  /** Sandbox helper: refusals the next registrations answer (a field the real platform rejects, in tests). */
  private readonly refusals: Array<{ resultCode: number; errMsg: string; times: number }> = [];

  constructor(private readonly clock: () => number) {}

  now(): number {
    return this.clock() + this.offsetMs;
  }

  /** The clock callers' timestamps are checked against: `advance` moves expiry, not the wall clock. */
  wallClock(): number {
    return this.clock();
  }

  /** Sandbox helper: move this part's clock forward (token and QR expiry tests). */
  advance(seconds: number): void {
    this.offsetMs += seconds * 1000;
  }

  /** A new token replaces the previous one at once: there is only ever one valid token. */
  issueToken(): { appToken: string; expiresIn: number } {
    const token = randomBytes(16).toString('hex').toUpperCase();
    this.currentToken = { token, expiresAt: this.now() + APP_TOKEN_TTL_SECONDS * 1000 };
    this.stats.tokensIssued++;
    return { appToken: token, expiresIn: APP_TOKEN_TTL_SECONDS };
  }

  tokenValid(token: string | undefined): boolean {
    return !!token && !!this.currentToken && this.currentToken.token === token && this.currentToken.expiresAt > this.now();
  }

  refuseRegistrations(r: { resultCode: number; errMsg: string; times: number }): void {
    this.refusals.push({ ...r });
  }

  clearRefusals(): void {
    this.refusals.length = 0;
  }

  /** The refusal the next registration answers, if one is pending (counted as a register call). */
  takeRefusal(): { resultCode: number; errMsg: string } | null {
    const r = this.refusals[0];
    if (!r) return null;
    this.stats.registerCalls++;
    if (--r.times <= 0) this.refusals.shift();
    return { resultCode: r.resultCode, errMsg: r.errMsg };
  }

  /** Idempotent per person: the same ID number (or the same guardian + child) gets the same card. */
  register(input: Omit<SandboxHealthCard, 'healthCardId' | 'phid' | 'staticQrCodeText' | 'createdAt'>): { card: SandboxHealthCard; created: boolean } {
    this.stats.registerCalls++;
    const key = input.idNumber ? `${input.idType}:${input.idNumber}` : `child:${input.guardian!.idNumber}:${input.name}:${input.birthday}`;
    const existing = this.byPerson.get(key);
    if (existing) return { card: this.cards.get(existing)!, created: false };
    const healthCardId = randomBytes(32).toString('hex').toUpperCase();
    const card: SandboxHealthCard = {
      ...input,
      healthCardId,
      phid: randomBytes(16).toString('hex').toUpperCase(),
      staticQrCodeText: `${healthCardId}:1`,
      createdAt: this.now(),
    };
    this.cards.set(healthCardId, card);
    this.byPerson.set(key, healthCardId);
    return { card, created: true };
  }

  cardsOfIdNumber(idNumber: string): SandboxHealthCard[] {
    return [...this.cards.values()].filter((c) => c.idNumber === idNumber || c.guardian?.idNumber === idNumber);
  }

  dynamicCode(card: SandboxHealthCard): { qrCodeText: string; validUntil: number } {
    const validUntil = Math.floor(this.now() / 1000) + DYNAMIC_QR_TTL_SECONDS;
    // <cardId>:<type>:<validUntil> (Unix seconds); two requests in the same second get the same code.
    const qrCodeText = `${card.healthCardId}:1:${validUntil}`;
    this.dynamicCodes.set(qrCodeText, { healthCardId: card.healthCardId, validUntil });
    this.stats.qrCodesIssued++;
    return { qrCodeText, validUntil };
  }

  /** What a scanner learns from a code: the card, or why it is refused. */
  resolve(qrCodeText: string): { ok: true; card: SandboxHealthCard; dynamic: boolean } | { ok: false; reason: 'expired' | 'unknown' } {
    const text = qrCodeText.trim();
    const dynamic = this.dynamicCodes.get(text);
    if (dynamic) {
      if (dynamic.validUntil * 1000 < this.now()) return { ok: false, reason: 'expired' };
      return { ok: true, card: this.cards.get(dynamic.healthCardId)!, dynamic: true };
    }
    const [cardId, type, rest] = text.split(':');
    const card = this.cards.get(cardId ?? '');
    if (card && type === '1' && rest === undefined) return { ok: true, card, dynamic: false };
    return { ok: false, reason: 'unknown' };
  }
}

/** Identity checks the platform makes against the ID number itself. */
export function identityProblem(p: { name: string; gender: string; birthday: string; idType: string; idNumber: string }): string | null {
  if (p.idType !== '01') return '证件类型仅支持 01 居民身份证';
  const parsed = parseIdNumber(p.idNumber);
  if (!parsed.ok) return '证件号码校验失败';
  if (parsed.value.birthDate !== p.birthday) return '出生日期与证件号码不符';
  if ((parsed.value.sex === 'male' ? '男' : '女') !== p.gender) return '性别与证件号码不符';
  return null;
}

export function scannedView(card: SandboxHealthCard) {
  return {
    healthCardId: card.healthCardId,
    phid: card.phid,
    name: card.name,
    gender: card.gender,
    birthday: card.birthday,
    idType: card.idType,
    idNumberMasked: card.idNumber ? maskIdNumber(card.idNumber) : null,
    guardianName: card.guardian?.name ?? null,
  };
}

const states = new WeakMap<SandboxContext, HealthCardState>();
/** One platform per sandbox; the HIS reaches the same one to resolve scanned codes. */
export function healthCardStateOf(ctx: SandboxContext): HealthCardState {
  let s = states.get(ctx);
  if (!s) {
    s = new HealthCardState(() => ctx.wechat.now());
    states.set(ctx, s);
  }
  return s;
}
