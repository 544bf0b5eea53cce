import type { TemplateData } from '../domain/reminder';
import { ERRCODE_NO_PERMISSION, openApiError, openApiReady, sendSubscribe } from './openapi';

/** Loads the open API's SDK before a run claims anything (openapi.ts `openApiReady`). */
export const subscribeMessagesReady = openApiReady;

/** WeChat subscribe messages (the open API, no collection): what the reminder dispatch sends. */
export type SendOutcome =
  | { ok: true; msgid?: number | string }
  | { ok: false; errcode: number; errmsg: string }
  | { ok: false; errcode: null; errmsg: string };

/**
 * `subscribeMessage.send` through the open API's supported path (repos/openapi.ts: WeChat in
 * production, the local cloud's outbox locally). A WeChat errcode (e.g. 43101 refused) and the
 * platform's -604101 (no permission) are definite: nothing was sent. `errcode: null` = no answer
 * (transport error): the outcome is unknown.
 */
export async function sendSubscribeMessage(msg: {
  touser: string;
  templateId: string;
  page: string;
  data: TemplateData;
}): Promise<SendOutcome> {
  try {
    const r = await sendSubscribe({
      touser: msg.touser,
      template_id: msg.templateId,
      page: msg.page,
      data: msg.data,
    });
    return { ok: true, msgid: r.msgid };
  } catch (err) {
    const e = openApiError(err);
    if (e.errCode !== null && (e.errCode > 0 || e.errCode === ERRCODE_NO_PERMISSION))
      return { ok: false, errcode: e.errCode, errmsg: e.errMsg };
    return { ok: false, errcode: null, errmsg: e.errMsg };
  }
}
