/**
 * WeChat's open API (云调用) the way the platform supports it today: wx-server-sdk's `cloud.openapi.*`,
 * which sends a protobuf `CommApiData` through `@cloudbase/node-sdk`'s `callCompatibleWxOpenApi`
 * (`action: 'wx.openApi'`) and decodes the `CommOpenApiResp` — JSON for most APIs, the raw image
 * bytes for `wxacode.getUnlimited`. The older `callWxOpenApi` (`action: 'wx.api'`, JSON-wrapped
 * answers) is marked DEPRECATED in wx-server-sdk 4.x (`src/api/cloud/provider/tcb/api/callOpenAPI.ts`)
 * and is not used. Each function declares the APIs it calls in its `config.json`
 * (`permissions.openapi`); without that the platform answers errCode -604101.
 *
 * wx-server-sdk is a deployed dependency (scripts/build-functions.ts EXTERNAL_PACKAGES), loaded on
 * first use so functions that never call the open API do not pay for it at cold start.
 */

export interface OpenApiError {
  /** WeChat's errcode (positive, e.g. 43101 refused) or the cloud's (negative, e.g. -604101). */
  errCode: number | null;
  errMsg: string;
}

/** The platform's "this function may not call that API" (permissions.openapi missing). */
export const ERRCODE_NO_PERMISSION = -604101;

type WxCloud = {
  init(o: { env: unknown }): void;
  DYNAMIC_CURRENT_ENV: unknown;
  openapi: ((o: { convertCase?: boolean }) => OpenApiTree) & OpenApiTree;
};
type OpenApiTree = {
  wxacode: { getUnlimited(d: Record<string, unknown>): Promise<{ contentType?: string; buffer?: unknown }> };
  subscribeMessage: { send(d: Record<string, unknown>): Promise<{ msgid?: number | string }> };
};

let cloudP: Promise<WxCloud> | null = null;

function wxCloud(): Promise<WxCloud> {
  cloudP ??= import('wx-server-sdk').then((m) => {
    const cloud = ((m as { default?: unknown }).default ?? m) as WxCloud;
    cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV });
    return cloud;
  });
  cloudP.catch(() => {
    cloudP = null;
  });
  return cloudP;
}

/** wx-server-sdk throws `{ errCode, errMsg }` (a CloudSDKError); anything else is a transport failure. */
/**
 * Loads and initialises wx-server-sdk now (it is otherwise loaded by the first call): a dispatch
 * run does this before it claims anything, so a claimed reminder's send starts at once instead of
 * waiting for the module to load (a cold instance under load: seconds). A failure is left to the
 * send itself to report.
 */
export async function openApiReady(): Promise<void> {
  await wxCloud().catch(() => undefined);
}

export function openApiError(e: unknown): OpenApiError {
  const o = (e ?? {}) as { errCode?: unknown; errMsg?: unknown; message?: unknown };
  return {
    errCode: typeof o.errCode === 'number' ? o.errCode : null,
    errMsg: String(o.errMsg ?? o.message ?? e),
  };
}

/** `wxacode.getUnlimited`: the PNG bytes WeChat renders (the platform answers the image itself). */
export async function getUnlimitedCode(req: {
  scene: string;
  page: string;
  width: number;
  checkPath: boolean;
}): Promise<Buffer> {
  const cloud = await wxCloud();
  const r = await cloud.openapi({ convertCase: false }).wxacode.getUnlimited({
    scene: req.scene,
    page: req.page,
    width: req.width,
    check_path: req.checkPath,
  });
  const buf = r.buffer;
  if (!Buffer.isBuffer(buf) || buf.length === 0) {
    throw new Error(`wxacode.getUnlimited answered no image (content-type ${r.contentType ?? '?'})`);
  }
  return buf;
}

/** `subscribeMessage.send`. Field names are WeChat's own (snake case): sent as given. */
export async function sendSubscribe(req: {
  touser: string;
  template_id: string;
  page: string;
  data: Record<string, { value: string }>;
}): Promise<{ msgid?: number | string }> {
  const cloud = await wxCloud();
  const r = await cloud.openapi({ convertCase: false }).subscribeMessage.send(req);
  return { msgid: r.msgid };
}
