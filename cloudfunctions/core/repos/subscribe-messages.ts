import type { TemplateData } from '../domain/reminder';
import { getApp } from '../sdk';

/** WeChat subscribe messages (the open API, no collection): what the reminder dispatch sends. */
export type SendOutcome =
  | { ok: true; msgid?: number | string }
  | { ok: false; errcode: number; errmsg: string }
  | { ok: false; errcode: null; errmsg: string };

/**
 * `subscribeMessage.send` through the SDK's open-API channel (WeChat in production, the local
 * cloud's outbox locally). `errcode: null` = no answer (transport error): the outcome is unknown.
 */
export async function sendSubscribeMessage(msg: {
  touser: string;
  templateId: string;
  page: string;
  data: TemplateData;
}): Promise<SendOutcome> {
  try {
    const res = (await getApp().callWxOpenApi({
      apiName: 'subscribeMessage.send',
      requestData: { touser: msg.touser, template_id: msg.templateId, page: msg.page, data: msg.data },
    })) as {
      result?: { errcode?: number; errmsg?: string; msgid?: number | string };
      code?: string;
      message?: string;
    };
    if (res.code) return { ok: false, errcode: null, errmsg: `${res.code} ${res.message ?? ''}`.trim() };
    const r = res.result ?? {};
    const errcode = typeof r.errcode === 'number' ? r.errcode : 0;
    if (errcode === 0) return { ok: true, msgid: r.msgid };
    return { ok: false, errcode, errmsg: r.errmsg ?? '' };
  } catch (err) {
    return { ok: false, errcode: null, errmsg: err instanceof Error ? err.message : String(err) };
  }
}
