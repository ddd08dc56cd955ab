/**
 * The WeChat server API's answers (bff/sandbox/API.md, "WeChat"). WeChat answers HTTP 200 with
 * `errcode`/`errmsg` when it refuses, so every success field is optional; what a field holds when
 * it is there is the contract (an `openid` that is not a string is a broken answer, not a refusal).
 */
import { z } from 'zod';

const WxError = { errcode: z.number().int().optional(), errmsg: z.string().optional() };

/** GET /sns/jscode2session */
export const Code2Session = z.object({ ...WxError, openid: z.string().optional(), session_key: z.string().optional(), unionid: z.string().optional() });
/** POST /cgi-bin/stable_token */
export const StableToken = z.object({ ...WxError, access_token: z.string().optional(), expires_in: z.number().optional() });
/** Any access-token API that answers only errcode/errmsg (POST /cgi-bin/message/subscribe/send …). */
export const WxResult = z.object(WxError);
/** POST /wxa/business/getuserphonenumber */
export const PhoneNumber = z.object({ ...WxError, phone_info: z.object({ purePhoneNumber: z.string(), countryCode: z.string() }).optional() });
/** POST /cityservice/face/identify/getverifyid (人脸核身 2.0) */
export const FaceVerifyId = z.object({ ...WxError, verify_id: z.string().optional(), expires_in: z.number().optional() });
/** POST /cityservice/face/identify/queryverifyinfo */
export const FaceVerifyResult = z.object({ ...WxError, verify_ret: z.number().int().optional() });
/** POST /wxa/msg_sec_check (version 2) */
export const MsgSecCheck = z.object({ ...WxError, result: z.object({ suggest: z.enum(['pass', 'review', 'risky']) }).optional() });
/**
 * POST a WeCom (企业微信) group robot webhook: the same errcode/errmsg answer.
 * @alias of WxResult, named for its endpoint like every contract here.
 */
export const RobotWebhook = WxResult;
