/**
 * The Tencent 电子健康卡 open platform's answers (bff/sandbox/API.md, "Health card"): a
 * `{commonOut, rsp}` envelope; `rsp` is null when `commonOut.resultCode` is not 0.
 */
import { z } from 'zod';

export const envelope = <T extends z.ZodType>(rsp: T) =>
  z.object({
    commonOut: z.object({ requestId: z.string().optional(), resultCode: z.number().int(), errMsg: z.string().optional() }),
    rsp: rsp.nullable().optional(),
  });

export const AppToken = envelope(z.object({ appToken: z.string(), expiresIn: z.union([z.string(), z.number()]) }));
export const Registered = envelope(z.object({ healthCardId: z.string(), phid: z.string(), qrCodeText: z.string() }));
export const DynamicQrCode = envelope(z.object({ qrCodeText: z.string(), qrCodeImg: z.string().optional() }));
