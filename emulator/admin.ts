/**
 * `POST /admin`: the CloudBase server API as `@cloudbase/node-sdk` 3.x speaks it.
 * Request: `POST /admin?env=<env>&seqId=<id>` with either a JSON body `{ action, ...params }` or
 * (for `wx.openApi`, `wx.wxPayApi`) a multipart form of the same fields. The SDK also sends
 * `envName`, `wxCloudApiToken` (the calling function's token, our key to the caller's identity),
 * `tcb_sessionToken` and a signed `Authorization` header (not checked: any dummy key pair works).
 * Reply: `{ requestId, data }` on success, `{ requestId, code, message }` on failure, HTTP 200 —
 * except `wx.openApi`, which answers a protobuf `CommOpenApiResp` (binary).
 */
import crypto from 'node:crypto';
import {
  addCounts,
  type CallerIdentity,
  type FunctionPool,
  type InvocationCounts,
  type InvokeResult,
} from './functions/pool';
import { boundaryOf, parseMultipart } from './multipart';
import type { OpenApiOutbox, OpenApiReply } from './openapi';
import { decodeCommApiData, encodeCommOpenApiResp } from './protobuf';
import type { LocalStorage } from './storage';

export interface DatabaseEngine {
  handle(action: string, body: Record<string, unknown>): Promise<Record<string, unknown>>;
  listCollections(): { name: string; count: number }[];
  listDocuments(name: string, limit: number): unknown[];
  close(): void;
}

export interface TokenInfo {
  fn: string;
  requestId: string;
  identity: CallerIdentity;
  /** the invocation's round trips, counted here as its requests arrive */
  counts: InvocationCounts;
}

export interface AdminDeps {
  db: () => DatabaseEngine | null;
  pool: FunctionPool;
  outbox: OpenApiOutbox;
  storage: LocalStorage;
  tokens: Map<string, TokenInfo>;
  log: (line: string) => void;
}

export interface HttpReply {
  status: number;
  headers: Record<string, string>;
  body: Buffer | string;
}

export const JSON_CT = 'application/json; charset=utf-8';

export function jsonReply(status: number, value: unknown): HttpReply {
  return { status, headers: { 'content-type': JSON_CT }, body: JSON.stringify(value) };
}

function newRequestId(): string {
  return crypto.randomBytes(12).toString('hex');
}

export function parseAdminBody(body: Buffer, contentType: string | undefined): Record<string, unknown> {
  const boundary = /multipart\/form-data/i.test(contentType ?? '') ? boundaryOf(contentType) : null;
  if (boundary) {
    const params: Record<string, unknown> = {};
    for (const part of parseMultipart(body, boundary)) {
      // binary fields stay Buffers; the rest are text
      params[part.name] =
        part.name === 'requestData' || part.name === 'apiOptions' ? part.data : part.data.toString('utf8');
    }
    return params;
  }
  const text = body.toString('utf8');
  const parsed = text ? (JSON.parse(text) as unknown) : {};
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new Error('body is not a JSON object');
  return parsed as Record<string, unknown>;
}

/** CloudBase's "this function may not call that open API" (wx-server-sdk WX_FUNCTIONS_SERVER_OPENAPI_NO_PERMISSION). */
export const OPENAPI_NO_PERMISSION = -604101;

/** `storage.batchGetDownloadUrl`: the most files one call may name (CloudBase's getTempFileURL limit). */
export const MAX_DOWNLOAD_URLS = 50;
/**
 * May the calling function call this open API? Only what its `config.json` declares in
 * `permissions.openapi` (as CloudBase, which answers -604101 otherwise). A call that no function made
 * (server keys: tests driving repositories in their own process, scripts) has no config to check and
 * passes: what the platform does with those is not documented, and in-process tests rely on it.
 */
export function openApiRefusal(
  deps: Pick<AdminDeps, 'pool'>,
  caller: TokenInfo | undefined,
  apiName: string,
): { errorCode: number; message: string } | null {
  if (!caller) return null;
  const declared = (deps.pool.config(caller.fn) as { permissions?: { openapi?: unknown } }).permissions
    ?.openapi;
  if (Array.isArray(declared) && declared.includes(apiName)) return null;
  return {
    errorCode: OPENAPI_NO_PERMISSION,
    message: `function has no permission to call this API: ${caller.fn} calls ${apiName}, which its config.json does not declare in permissions.openapi`,
  };
}

export function invokeErrorCode(r: Extract<InvokeResult, { ok: false }>): string {
  switch (r.kind) {
    case 'not_found':
      return 'FUNCTIONS_NOT_FOUND';
    case 'timeout':
      return 'FUNCTIONS_TIME_LIMIT_EXCEEDED';
    default:
      return 'FUNCTIONS_EXECUTE_FAIL';
  }
}

export async function handleAdmin(deps: AdminDeps, params: Record<string, unknown>): Promise<HttpReply> {
  const requestId = newRequestId();
  const action = typeof params.action === 'string' ? params.action : '';
  const fail = (code: string, message: string) => jsonReply(200, { requestId, code, message });
  const ok = (data: unknown) => jsonReply(200, { requestId, data });
  const caller =
    typeof params.wxCloudApiToken === 'string' ? deps.tokens.get(params.wxCloudApiToken) : undefined;
  const source = caller ? { fn: caller.fn, openid: caller.identity.openid } : undefined;
  if (caller) countRequest(caller.counts, action);

  if (action.startsWith('database.')) {
    const db = deps.db();
    if (!db) return fail('SYS_ERR', 'localcloud: the database engine is not available');
    const body: Record<string, unknown> = { ...params };
    for (const k of [
      'wxCloudApiToken',
      'wxCloudbaseAccesstoken',
      'tcb_sessionToken',
      'sessionToken',
      'crossAuthorizationToken',
    ]) {
      delete body[k];
    }
    const res = await db.handle(action, body);
    return jsonReply(200, { requestId, ...res });
  }

  switch (action) {
    case 'functions.invokeFunction': {
      const name = String(params.function_name ?? '');
      let event: unknown = {};
      const raw = params.request_data;
      if (typeof raw === 'string' && raw !== '') {
        try {
          event = JSON.parse(raw);
        } catch {
          return fail('INVALID_PARAM', 'request_data is not JSON');
        }
      }
      // As in CloudBase: a function called from a function runs as the same user; a call made
      // with server keys (scripts, tests) has no user.
      const identity: CallerIdentity = caller ? { ...caller.identity, source: 'scf' } : {};
      const r = await deps.pool.invoke(name, event, { identity, nested: !!caller });
      if (caller) addCounts(caller.counts, r.counts);
      if (!r.ok)
        return jsonReply(200, { requestId: r.requestId, code: invokeErrorCode(r), message: r.message });
      return jsonReply(200, { requestId: r.requestId, data: { response_data: r.json } });
    }
    case 'wx.api': {
      const apiName = String(params.apiName ?? '');
      const refused = openApiRefusal(deps, caller, apiName);
      if (refused) {
        deps.log(`[openapi] refused ${apiName} (${refused.errorCode}): ${refused.message}`);
        return fail('WX_FUNCTIONS_SERVER_OPENAPI_NO_PERMISSION', `[${refused.errorCode}] ${refused.message}`);
      }
      let data: Record<string, unknown> = {};
      if (typeof params.requestData === 'string' && params.requestData) {
        try {
          data = JSON.parse(params.requestData) as Record<string, unknown>;
        } catch {
          return fail('INVALID_PARAM', 'requestData is not JSON');
        }
      }
      const reply = await deps.outbox.call(apiName, data, source);
      // JSON answers travel as a JSON string; binary ones (QR images) as { contentType, buffer: base64 }
      const responseData = reply.json
        ? JSON.stringify(reply.json)
        : JSON.stringify({
            contentType: reply.binary?.contentType,
            buffer: reply.binary?.data.toString('base64'),
          });
      return ok({ responseData });
    }
    case 'wx.openApi': {
      const apiName = String(params.apiName ?? '');
      const refused = openApiRefusal(deps, caller, apiName);
      if (refused) {
        // the platform's answer: a CommOpenApiResp whose errorCode wx-server-sdk throws as errCode
        deps.log(`[openapi] refused ${apiName} (${refused.errorCode}): ${refused.message}`);
        return {
          status: 200,
          headers: { 'content-type': 'application/octet-stream' },
          body: encodeCommOpenApiResp({
            respData: Buffer.alloc(0),
            contentType: '',
            errorCode: refused.errorCode,
          }),
        };
      }
      const buf = params.requestData;
      if (!Buffer.isBuffer(buf)) return fail('INVALID_PARAM', 'requestData missing');
      let data: Record<string, unknown>;
      try {
        data = openApiDataOf(buf);
      } catch (e) {
        return fail('INVALID_PARAM', `requestData is not a CommApiData message: ${(e as Error).message}`);
      }
      const reply: OpenApiReply = await deps.outbox.call(apiName, data, source);
      const pb = reply.json
        ? encodeCommOpenApiResp({
            respData: Buffer.from(JSON.stringify(reply.json)),
            contentType: 'application/json',
          })
        : encodeCommOpenApiResp({
            respData: reply.binary?.data ?? Buffer.alloc(0),
            contentType: reply.binary?.contentType ?? 'application/octet-stream',
          });
      return { status: 200, headers: { 'content-type': 'application/octet-stream' }, body: pb };
    }
    case 'storage.getUploadMetadata': {
      const meta = deps.storage.uploadMetadata(params.path);
      if ('code' in meta && 'message' in meta) return fail(meta.code, meta.message);
      return ok(meta);
    }
    case 'storage.batchGetDownloadUrl':
      // CloudBase answers at most 50 files a call (getTempFileURL: 一次最多取 50 个); a longer list is refused
      // here too, so code that would fail in production fails locally.
      if (Array.isArray(params.file_list) && params.file_list.length > MAX_DOWNLOAD_URLS)
        return fail('INVALID_PARAM', `file_list: at most ${MAX_DOWNLOAD_URLS} files a call`);
      return ok({ download_list: deps.storage.downloadUrls(params.file_list) });
    case 'storage.batchDeleteFile':
      return ok({ delete_list: deps.storage.deleteFiles(params.fileid_list) });
    default:
      return fail('INVALID_ACTION', `localcloud: action "${action}" is not supported`);
  }
}

/**
 * Counts one `/admin` request of an invocation (identified by its `wxCloudApiToken`: every request
 * the SDKs send carries the token of the invocation whose `process.env` they read, see
 * node-sdk `src/utils/wxCloudToken.ts` and `tcbapirequester.ts` `makeParams`).
 */
export function countRequest(counts: InvocationCounts, action: string): void {
  if (action.startsWith('database.')) {
    counts.dbRequests++;
    counts.db[action] = (counts.db[action] ?? 0) + 1;
  } else if (action === 'wx.openApi' || action === 'wx.api') counts.openApiCalls++;
  else if (action === 'functions.invokeFunction') counts.functionCalls++;
}

/** The open-API parameters inside a wx-server-sdk `CommApiData` (each value is JSON, or a media buffer). */
export function openApiDataOf(buf: Buffer): Record<string, unknown> {
  const msg = decodeCommApiData(buf);
  const data: Record<string, unknown> = {};
  for (const p of msg.pairs) {
    if (p.contentType) {
      data[p.key] = { contentType: p.contentType, filename: p.filename, bytes: p.value.length };
      continue;
    }
    const text = p.value.toString('utf8');
    try {
      data[p.key] = JSON.parse(text);
    } catch {
      data[p.key] = text;
    }
  }
  return data;
}
