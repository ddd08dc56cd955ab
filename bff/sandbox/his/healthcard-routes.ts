import Router from '@koa/router';
import type { SandboxContext } from '../context';
import { sendError } from '../seed/world';
import { healthCardStateOf, scannedView } from '../healthcard/state';

/**
 * The hospital side of the 电子健康卡: the window's scanner posts the QR text it read, and the HIS
 * resolves it through the issuing platform (here the sandbox platform's state) to the patient.
 */
export function hisHealthCardRoutes(sctx: SandboxContext): Router {
  const r = new Router({ prefix: '/his' });
  r.post('/health-cards/scan', (ctx) => {
    const text = (ctx.request.body as { qrCodeText?: unknown })?.qrCodeText;
    if (typeof text !== 'string' || !text.trim()) return sendError(ctx, 400, 'BAD_REQUEST', 'qrCodeText 不能为空');
    const res = healthCardStateOf(sctx).resolve(text);
    if (!res.ok && res.reason === 'expired') return sendError(ctx, 409, 'QR_CODE_EXPIRED', '二维码已过期，请患者在手机上刷新健康卡后重新扫码');
    if (!res.ok) return sendError(ctx, 404, 'QR_CODE_UNKNOWN', '无法识别的健康卡二维码');
    ctx.body = { ...scannedView(res.card), codeKind: res.dynamic ? 'dynamic' : 'static' };
  });
  return r;
}
