import Taro from '@tarojs/taro';
// Type-only: the zod schemas stay on the server; the bundle gets none of them.
import type { ActionName, ApiInput, ApiOutput, FunctionName } from '@contract/api';
import type { ErrorCode } from '@contract/errors';
import type { FieldIssue } from '@contract/envelope';
import { getLocalOpenid } from './identity';
import { messageFor, type ClientErrorCode } from './error-messages';

/**
 * The one API client. Pages and stores call `callApi('member', 'me')`; nothing else touches the
 * transport. weapp: `Taro.cloud.callFunction` (WeChat attaches the caller's openid). H5: `fetch`
 * to the local cloud's `/fn/<name>` with the local identity in `x-openid`.
 */

export type ApiErrorCode = ErrorCode | ClientErrorCode;

export class ApiError extends Error {
  readonly code: ApiErrorCode;
  /** The server's own (English, developer-facing) message, kept for logs; `message` is the Chinese text. */
  readonly serverMessage?: string;
  readonly details?: { fields?: FieldIssue[]; requestId?: string; [k: string]: unknown };

  constructor(code: ApiErrorCode, opts: { serverMessage?: string; details?: ApiError['details'] } = {}) {
    super(messageFor(code));
    this.name = 'ApiError';
    this.code = code;
    this.serverMessage = opts.serverMessage;
    this.details = opts.details;
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}

/** Chinese text for anything a page caught. */
export function errorText(e: unknown): string {
  return isApiError(e) ? e.message : messageFor('INTERNAL');
}

/**
 * The fields an INVALID_ARGUMENT answer names, by the payload's top-level field (`payload.rows.3.phone`
 * → `rows`), each with `text` (a form shows it under that field). Empty for any other error.
 */
export function invalidFields(e: unknown, text = '格式不正确'): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isApiError(e) || e.code !== 'INVALID_ARGUMENT') return out;
  for (const f of e.details?.fields ?? []) out[f.path.replace(/^payload\./, '').split('.')[0]] = text;
  return out;
}

/** An action whose input has no required field may be called without a payload. */
type PayloadArgs<F extends FunctionName, K extends ActionName<F>> =
  Record<string, never> extends ApiInput<F, K> ? [payload?: ApiInput<F, K>] : [payload: ApiInput<F, K>];

let cloudReady = false;

/** weapp: `Taro.cloud.init` once per launch (app.tsx calls it; callApi makes sure). */
export function initCloud(): void {
  if (process.env.TARO_ENV !== 'weapp' || cloudReady) return;
  Taro.cloud.init(CLOUD_ENV ? { env: CLOUD_ENV, traceUser: true } : { traceUser: true });
  cloudReady = true;
}

export async function callApi<F extends FunctionName, K extends ActionName<F>>(
  fn: F,
  action: K,
  ...args: PayloadArgs<F, K>
): Promise<ApiOutput<F, K>> {
  const payload = args[0];
  const event: { action: string; payload?: unknown } =
    payload === undefined ? { action } : { action, payload };
  const raw = process.env.TARO_ENV === 'weapp' ? await viaCloud(fn, event) : await viaFetch(fn, event);
  return unwrap<ApiOutput<F, K>>(raw);
}

async function viaCloud(fn: string, event: { action: string; payload?: unknown }): Promise<unknown> {
  initCloud();
  try {
    const res = await Taro.cloud.callFunction({ name: fn, data: event });
    return res.result;
  } catch (e) {
    // callFunction rejects for transport failures (no network, timeout, function missing): the
    // function itself always answers an envelope.
    throw new ApiError('NETWORK', { serverMessage: describe(e) });
  }
}

async function viaFetch(fn: string, event: { action: string; payload?: unknown }): Promise<unknown> {
  const openid = getLocalOpenid();
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (openid) headers['x-openid'] = openid;
  let res: Response;
  try {
    res = await fetch('/fn/' + encodeURIComponent(fn), {
      method: 'POST',
      headers,
      body: JSON.stringify(event),
    });
  } catch (e) {
    throw new ApiError('NETWORK', { serverMessage: describe(e) });
  }
  try {
    return await res.json();
  } catch (e) {
    throw new ApiError(res.ok ? 'BAD_RESPONSE' : 'NETWORK', {
      serverMessage: `HTTP ${res.status}: ${describe(e)}`,
    });
  }
}

function unwrap<T>(raw: unknown): T {
  if (!raw || typeof raw !== 'object' || typeof (raw as { ok?: unknown }).ok !== 'boolean') {
    throw new ApiError('BAD_RESPONSE');
  }
  const env = raw as
    { ok: true; data: T } | { ok: false; error?: { code?: unknown; message?: unknown; details?: unknown } };
  if (env.ok) return env.data;
  const err = env.error ?? {};
  const code = typeof err.code === 'string' ? (err.code as ApiErrorCode) : 'INTERNAL';
  return throwError(code, err.message, err.details);
}

function throwError(code: ApiErrorCode, message: unknown, details: unknown): never {
  throw new ApiError(code, {
    serverMessage: typeof message === 'string' ? message : undefined,
    details: details && typeof details === 'object' ? (details as ApiError['details']) : undefined,
  });
}

function describe(e: unknown): string {
  if (e && typeof e === 'object' && 'errMsg' in e) return String((e as { errMsg: unknown }).errMsg);
  return e instanceof Error ? e.message : String(e);
}
