import { randomBytes } from 'node:crypto';

export interface SentMessage {
  touser: string;
  template_id: string;
  page?: string;
  data: Record<string, { value: string }>;
  sentAt: string;
}

export interface FaceSession {
  verifyId: string;
  outSeqNo: string;
  openid: string;
  cert: { cert_type: string; cert_name: string; cert_no: string };
  expiresAt: number;
  /** null until the user ran wx.requestFacialVerify (once). */
  verifyRet: number | null;
}

/** In-memory state of the WeChat stand-in: one-time codes, tokens, subscription quota, outbox. */
export class WechatState {
  loginCodes = new Map<string, { openid: string; expiresAt: number; used: boolean }>();
  phoneCodes = new Map<string, { phoneNumber: string; expiresAt: number; used: boolean }>();
  tokens = new Map<string, number>(); // access_token -> expiresAt
  currentToken: string | null = null;
  loginCalls = new Map<string, number[]>(); // openid -> timestamps
  blockedOpenids = new Set<string>();
  /** `${openid}|${templateId}` -> remaining one-time sends */
  subscriptions = new Map<string, number>();
  sent: SentMessage[] = [];
  /** 人脸核身 sessions by verify_id (./face.ts). */
  faceSessions = new Map<string, FaceSession>();
  faceSeqNos = new Set<string>();
  /** Test helper: moves the stand-in's clock forward (code and verify_id expiry). */
  clockOffsetMs = 0;

  constructor(
    readonly appid: string,
    readonly secret: string,
    private readonly clock: () => number = Date.now,
  ) {}

  now(): number {
    return this.clock() + this.clockOffsetMs;
  }

  mintLoginCode(openid: string): string {
    const code = 'sbx' + randomBytes(12).toString('hex');
    this.loginCodes.set(code, { openid, expiresAt: this.now() + 5 * 60_000, used: false });
    return code;
  }

  mintPhoneCode(phoneNumber: string): string {
    const code = 'sbxp' + randomBytes(12).toString('hex');
    this.phoneCodes.set(code, { phoneNumber, expiresAt: this.now() + 5 * 60_000, used: false });
    return code;
  }

  issueToken(force: boolean): { token: string; expiresIn: number } {
    const now = this.now();
    const exp = this.currentToken ? this.tokens.get(this.currentToken) : undefined;
    if (!force && this.currentToken && exp && exp - now > 5 * 60_000) {
      return { token: this.currentToken, expiresIn: Math.floor((exp - now) / 1000) };
    }
    const token = 'sbxtoken_' + randomBytes(16).toString('hex');
    this.tokens.set(token, now + 7200_000);
    this.currentToken = token;
    return { token, expiresIn: 7200 };
  }

  tokenValid(token: string | undefined): boolean {
    if (!token) return false;
    const exp = this.tokens.get(token);
    return exp !== undefined && exp > this.now();
  }
}
