/**
 * What the QR carries, and what the display says about it — always the same decision
 * (docs/checkin.md "Scanning with WeChat's own scanner"):
 * - weapp with a registered plain-link prefix: `<prefix>?code=…`, which WeChat's own 扫一扫 opens
 *   in the check-in page;
 * - weapp without one: the bare code, which only the app's 扫码签到 reads;
 * - H5 (local): a link to the H5 check-in page.
 */
export function qrPlan(code: string, prefix: string): { text: string; hint: string } {
  if (process.env.TARO_ENV === 'h5' && typeof window !== 'undefined') {
    return {
      text: `${window.location.origin}${window.location.pathname}#/pages/checkin/index?code=${code}`,
      hint: '请用手机扫一扫',
    };
  }
  if (prefix) return { text: `${prefix}?code=${code}`, hint: '请用微信扫一扫' };
  return { text: code, hint: '请打开「一线支部」小程序，点“扫码签到”扫描' };
}
