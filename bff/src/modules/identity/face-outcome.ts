import type { FaceVerificationStatus } from './verification-entity';
import { errors, type AppError } from '../../errors';

/** verify_ret of queryverifyinfo (official enum, bff/sandbox/API.md). */
const VERIFY_PASSED = 10000;
const CANCELLED = new Set([90002, 90003, 90004, 90005, 90006, 90024]);
const PERMISSION = new Set([90008, 90009, 90010]);
const DEVICE = new Set([90001, 90109]);

/** What a finished check means for the attempt, and what the resident is told. */
export function faceOutcome(verifyRet: number): { status: Exclude<FaceVerificationStatus, 'pending' | 'expired'>; error: AppError | null } {
  if (verifyRet === VERIFY_PASSED) return { status: 'passed', error: null };
  if (CANCELLED.has(verifyRet)) return { status: 'cancelled', error: errors.of('FACE_VERIFY_CANCELLED') };
  if (PERMISSION.has(verifyRet)) {
    return { status: 'failed', error: errors.of('FACE_VERIFY_FAILED', '刷脸需要使用相机和麦克风，请在手机「设置 - 微信」中允许后重新点击「刷脸认证」') };
  }
  if (DEVICE.has(verifyRet)) {
    return { status: 'failed', error: errors.of('FACE_VERIFY_FAILED', '这台手机不支持刷脸认证，请换一台手机，或使用「手机号快速验证」') };
  }
  if (verifyRet === 10003) {
    return { status: 'failed', error: errors.of('FACE_VERIFY_FAILED', '姓名与身份证号不匹配，请逐字核对后重新认证') };
  }
  return { status: 'failed', error: errors.of('FACE_VERIFY_FAILED') };
}
