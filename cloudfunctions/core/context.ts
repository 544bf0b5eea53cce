import { platformContext } from './sdk';

/** Who is calling, as the platform says — never as the payload says. */
export interface Invocation {
  /** '' when the platform names no WeChat user (timer triggers, server-side calls). */
  openid: string;
  appid: string;
  requestId: string;
  /**
   * A timer trigger fired this invocation: the platform sets `TRIGGER_SRC=timer` in its
   * environment (@cloudbase/node-sdk `utils/wxCloudToken.ts` chooses the timer's API token by it;
   * the local cloud sets it for its own timers only). Never inferred from a missing caller.
   */
  fromTimer: boolean;
}

/** WeChat openids are 28 URL-safe base64 characters; allow some slack, refuse anything else. */
const OPENID_RE = /^[A-Za-z0-9_-]{1,64}$/;

export function readInvocation(context: unknown, fallbackRequestId: string): Invocation {
  const env = platformContext(context);
  const rawOpenid = typeof env.WX_OPENID === 'string' ? env.WX_OPENID.trim() : '';
  const c = context as { request_id?: unknown } | null | undefined;
  const requestId =
    c && typeof c === 'object' && typeof c.request_id === 'string' && c.request_id
      ? c.request_id
      : fallbackRequestId;
  return {
    openid: OPENID_RE.test(rawOpenid) ? rawOpenid : '',
    appid: typeof env.WX_APPID === 'string' ? env.WX_APPID : '',
    requestId,
    fromTimer: env.TRIGGER_SRC === 'timer',
  };
}
