/**
 * wx.requestFacialVerify (微信人脸核身 2.0, base library 3.8.12+, callback style). Its outcome is
 * not proof of anything: whatever it says, the page then asks the BFF, which asks WeChat.
 * Resolves when the check is over (passed, failed or cancelled); false when the API is missing.
 */
export function requestFacialVerify(verifyId: string): Promise<boolean> {
  const wx = (globalThis as { wx?: { requestFacialVerify?: (o: { verifyId: string; complete: () => void }) => void } }).wx;
  if (!wx?.requestFacialVerify) return Promise.resolve(false);
  return new Promise((resolve) => wx.requestFacialVerify!({ verifyId, complete: () => resolve(true) }));
}
