import type { OpenApiProbe } from './health';
import { ERRCODE_NO_PERMISSION, getUnlimitedCode, openApiError, sendSubscribe } from './repos/openapi';

/**
 * The deploy smoke check's harmless calls, one per open API (core/health.ts). A function passes the
 * probes of the APIs it declares (`openapi` in its spec), so its bundle holds only those calls.
 * A WeChat errcode (e.g. 40003 unknown openid) proves the permission is granted; -604101 means the
 * function's permissions.openapi never reached the platform.
 */
function judged(e: unknown): { ok: boolean; text: string } {
  const err = openApiError(e);
  if (err.errCode === ERRCODE_NO_PERMISSION)
    return { ok: false, text: 'no permission (-604101): upload the function with WeChat DevTools' };
  if (err.errCode !== null && err.errCode > 0)
    return { ok: true, text: `ok (WeChat answered ${err.errCode})` };
  return { ok: false, text: `failed: ${err.errCode ?? ''} ${err.errMsg}`.trim() };
}

/** A QR of the home page. */
export const probeGetUnlimited: OpenApiProbe = async () => {
  try {
    const png = await getUnlimitedCode({
      scene: 'health',
      page: 'pages/index/index',
      width: 280,
      checkPath: false,
    });
    return { ok: true, text: `ok (${png.length} bytes of image)` };
  } catch (e) {
    return judged(e);
  }
};

/** A subscribe message to an openid that does not exist. */
export const probeSubscribeSend: OpenApiProbe = async () => {
  try {
    await sendSubscribe({
      touser: 'health-probe-not-a-user',
      template_id: process.env.APP_TEMPLATE_MEETING_REMINDER || 'health-probe',
      page: 'pages/index/index',
      data: { thing1: { value: '部署自检' } },
    });
    return { ok: true, text: 'ok (accepted)' };
  } catch (e) {
    return judged(e);
  }
};
