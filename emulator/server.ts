/** The emulator's HTTP surface (node:http, no framework). Routes are listed in emulator/README.md. */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { handleAdmin, jsonReply, parseAdminBody, type AdminDeps, type HttpReply, JSON_CT } from './admin';
import { ClockError, parseClockRequest, type LocalClock } from './clock';
import type { FunctionPool, InvocationCounts, InvokeResult } from './functions/pool';
import type { LogRing } from './logs';
import type { OpenApiOutbox } from './openapi';
import type { LocalStorage } from './storage';
import type { TimerService } from './timers';
import { renderUi } from './ui';

export interface ServerContext extends AdminDeps {
  pool: FunctionPool;
  outbox: OpenApiOutbox;
  storage: LocalStorage;
  timers: TimerService;
  logs: LogRing;
  appid: string;
  h5Dir: string;
  identities: () => Promise<unknown[]>;
  startedAt: number;
  clock: LocalClock;
}

const MAX_BODY = 50 * 1024 * 1024;

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': JSON_CT,
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.map': JSON_CT,
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.csv': 'text/csv; charset=utf-8',
  '.pdf': 'application/pdf',
};

const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, OPTIONS',
  'access-control-allow-headers': 'content-type, x-openid',
  'access-control-expose-headers': 'x-request-id, x-db-requests, x-openapi-calls, x-function-calls',
};

/** An invocation's round trips as answer headers (see InvocationCounts in functions/pool.ts). */
export function countHeaders(c: InvocationCounts): Record<string, string> {
  return {
    'x-db-requests': String(c.dbRequests),
    'x-openapi-calls': String(c.openApiCalls),
    'x-function-calls': String(c.functionCalls),
  };
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new Error('request body too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: http.ServerResponse, r: HttpReply, head = false): void {
  const body = typeof r.body === 'string' ? Buffer.from(r.body, 'utf8') : r.body;
  res.writeHead(r.status, { ...r.headers, 'content-length': String(body.length) });
  res.end(head ? undefined : body);
}

function envelopeError(
  status: number,
  code: string,
  message: string,
  details?: Record<string, unknown>,
): HttpReply {
  return {
    ...jsonReply(status, { ok: false, error: { code, message, ...(details ? { details } : {}) } }),
    headers: { 'content-type': JSON_CT, ...CORS },
  };
}

/** `/fn/<name>` answer for a finished invocation. */
export function fnReply(r: InvokeResult): HttpReply {
  const counted = { 'x-request-id': r.requestId, ...countHeaders(r.counts) };
  if (r.ok)
    return {
      status: 200,
      headers: { 'content-type': JSON_CT, ...CORS, ...counted },
      body: r.json,
    };
  const details = { requestId: r.requestId, reason: r.kind.toUpperCase() };
  const reply = (() => {
    switch (r.kind) {
      case 'not_found':
        return envelopeError(404, 'NOT_FOUND', r.message, details);
      case 'timeout':
        return envelopeError(504, 'INTERNAL', r.message, { ...details, reason: 'FUNCTION_TIMEOUT' });
      case 'shutdown':
        return envelopeError(503, 'INTERNAL', r.message, details);
      default:
        return envelopeError(500, 'INTERNAL', r.message, { ...details, reason: 'FUNCTION_ERROR' });
    }
  })();
  return { ...reply, headers: { ...reply.headers, ...counted } };
}

function serveFile(res: http.ServerResponse, file: string, head: boolean): void {
  const stat = fs.statSync(file);
  res.writeHead(200, {
    'content-type': MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
    'content-length': String(stat.size),
    'cache-control': 'no-cache',
  });
  if (head) res.end();
  else fs.createReadStream(file).pipe(res);
}

function staticFile(h5Dir: string, urlPath: string): string | null {
  if (!fs.existsSync(h5Dir)) return null;
  let rel: string;
  try {
    rel = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  const file = path.join(h5Dir, path.normalize(rel).replace(/^(\.\.[/\\])+/, ''));
  if (!file.startsWith(path.resolve(h5Dir))) return null;
  try {
    if (fs.statSync(file).isFile()) return file;
  } catch {
    // fall through
  }
  // single-page app: unknown paths without an extension get index.html
  const index = path.join(h5Dir, 'index.html');
  if (!path.extname(rel) && fs.existsSync(index)) return index;
  return null;
}

export function createHttpServer(ctx: ServerContext): http.Server {
  return http.createServer((req, res) => {
    route(ctx, req, res).catch((e: unknown) => {
      ctx.log(`[http] ${req.method} ${req.url} failed: ${e instanceof Error ? e.stack : String(e)}`);
      if (!res.headersSent)
        send(res, jsonReply(500, { code: 'SYS_ERR', message: (e as Error)?.message ?? String(e) }));
      else res.destroy();
    });
  });
}

async function route(ctx: ServerContext, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const p = url.pathname;
  const method = req.method ?? 'GET';

  if (method === 'OPTIONS') {
    res.writeHead(204, CORS);
    res.end();
    return;
  }

  if (p === '/admin' && method === 'POST') {
    const body = await readBody(req);
    let params: Record<string, unknown>;
    try {
      params = parseAdminBody(body, req.headers['content-type']);
    } catch (e) {
      send(
        res,
        jsonReply(200, { code: 'INVALID_PARAM', message: `bad request body: ${(e as Error).message}` }),
      );
      return;
    }
    send(res, await handleAdmin(ctx, params));
    return;
  }

  const fnMatch = /^\/fn\/([^/]+)$/.exec(p);
  if (fnMatch && method === 'POST') {
    const name = decodeURIComponent(fnMatch[1]);
    const body = await readBody(req);
    let event: unknown = {};
    if (body.length) {
      try {
        event = JSON.parse(body.toString('utf8'));
      } catch {
        send(res, envelopeError(400, 'INVALID_ARGUMENT', 'the request body is not JSON'));
        return;
      }
    }
    const openid = String(req.headers['x-openid'] ?? '').trim();
    const r = await ctx.pool.invoke(name, event, {
      identity: openid
        ? { openid, appid: ctx.appid, source: 'wx_client' }
        : { appid: ctx.appid, source: 'wx_client' },
    });
    send(res, fnReply(r));
    return;
  }

  const upMatch = /^\/__storage-upload\/([0-9a-f]+)$/.exec(p);
  if (upMatch && (method === 'PUT' || method === 'POST')) {
    const body = await readBody(req);
    const r = ctx.storage.acceptUpload(upMatch[1], req.headers.authorization, body);
    if (r.status === 200) send(res, { status: 200, headers: {}, body: '' });
    else
      send(res, {
        status: r.status,
        headers: { 'content-type': 'application/xml' },
        body: `<?xml version='1.0' encoding='utf-8' ?>\n<Error><Code>${r.error}</Code><Message>${r.error}</Message><Resource>${p}</Resource><RequestId>local</RequestId><TraceId>local</TraceId></Error>`,
      });
    return;
  }

  // A client's own storage calls (wx.cloud.uploadFile / downloadFile from the mini-program side), as
  // the caller named by x-openid: the bucket's security rule applies (emulator/storage-rules.ts).
  if (p === '/__client/storage/upload' && method === 'POST') {
    const body = await readBody(req);
    const openid = String(req.headers['x-openid'] ?? '').trim() || null;
    const r = ctx.storage.clientUpload(openid, url.searchParams.get('cloudPath') ?? '', body);
    send(
      res,
      r.ok ? jsonReply(200, { fileID: r.fileID }) : jsonReply(r.status, { code: r.code, message: r.message }),
    );
    return;
  }
  if (p === '/__client/storage/download' && method === 'GET') {
    const openid = String(req.headers['x-openid'] ?? '').trim() || null;
    const r = ctx.storage.clientDownload(openid, url.searchParams.get('fileID') ?? '');
    if (r.ok) serveFile(res, r.file, false);
    else send(res, jsonReply(r.status, { code: r.code, message: r.message }));
    return;
  }

  if (p.startsWith('/__storage/') && (method === 'GET' || method === 'HEAD')) {
    const file = ctx.storage.resolveForRead(p.slice('/__storage/'.length));
    if (!file) send(res, { status: 404, headers: { 'content-type': 'text/plain' }, body: 'not found' });
    else serveFile(res, file, method === 'HEAD');
    return;
  }

  if (p === '/__echo' && method === 'POST') {
    // a bare HTTP round trip on this server (the baseline of the benchmarks): answers the body back
    const body = await readBody(req);
    send(res, { status: 200, headers: { 'content-type': req.headers['content-type'] ?? JSON_CT }, body });
    return;
  }

  if (p === '/__health' && method === 'GET') {
    send(
      res,
      jsonReply(200, {
        ok: true,
        uptimeMs: Date.now() - ctx.startedAt,
        database: ctx.db() ? 'up' : 'unavailable',
        functions: ctx.pool.list(),
      }),
    );
    return;
  }

  if (p === '/__clock' && method === 'GET') {
    send(res, jsonReply(200, ctx.clock.state()));
    return;
  }

  if (p === '/__clock' && method === 'POST') {
    const body = await readBody(req);
    try {
      let parsed: unknown;
      try {
        parsed = JSON.parse(body.toString('utf8') || '{}');
      } catch {
        throw new ClockError('INVALID_ARGUMENT', 'the request body is not JSON');
      }
      const before = ctx.clock.now();
      const state = ctx.clock.apply(parseClockRequest(parsed));
      ctx.log(
        `[clock] ${new Date(before).toISOString()} -> ${new Date(state.now).toISOString()} (offset ${state.offsetMs} ms)`,
      );
      send(res, jsonReply(200, state));
    } catch (e) {
      if (!(e instanceof ClockError)) throw e;
      send(
        res,
        jsonReply(e.code === 'INVALID_ARGUMENT' ? 400 : 409, {
          ...ctx.clock.state(),
          error: { code: e.code, message: e.message },
        }),
      );
    }
    return;
  }

  if (p === '/__outbox' && method === 'GET') {
    send(res, jsonReply(200, ctx.outbox.list()));
    return;
  }

  if (p === '/__openapi/refuse' && method === 'POST') {
    const body = await readBody(req);
    let parsed: { openid?: unknown; refuse?: unknown };
    try {
      parsed = JSON.parse(body.toString('utf8') || '{}') as typeof parsed;
    } catch {
      send(res, jsonReply(400, { error: 'body must be JSON { openid, refuse? }' }));
      return;
    }
    if (typeof parsed.openid !== 'string' || !parsed.openid) {
      send(res, jsonReply(400, { error: 'openid is required' }));
      return;
    }
    ctx.outbox.refuse(parsed.openid, parsed.refuse !== false);
    send(res, jsonReply(200, { openid: parsed.openid, refused: parsed.refuse !== false }));
    return;
  }

  if (p === '/__timers' && method === 'GET') {
    ctx.timers.load();
    send(
      res,
      jsonReply(
        200,
        ctx.timers.list().map(({ schedule: _s, ...t }) => t),
      ),
    );
    return;
  }

  const timerMatch = /^\/__timers\/([^/]+)$/.exec(p);
  if (timerMatch && method === 'POST') {
    const fn = decodeURIComponent(timerMatch[1]);
    const fired = await ctx.timers.fire(fn, url.searchParams.get('trigger') ?? undefined);
    if (!fired) {
      send(res, jsonReply(404, { error: `function ${fn} has no timer trigger in its config.json` }));
      return;
    }
    const r = fired.result;
    if (!r.ok) {
      const reply = fnReply(r);
      send(res, reply);
      return;
    }
    const reply = jsonReply(200, {
      fn,
      trigger: fired.trigger.name,
      requestId: r.requestId,
      durationMs: Math.round(r.durationMs),
      dbRequests: r.counts.dbRequests,
      openApiCalls: r.counts.openApiCalls,
      result: JSON.parse(r.json) as unknown,
    });
    send(res, { ...reply, headers: { ...reply.headers, ...countHeaders(r.counts) } });
    return;
  }

  if (p === '/__identities' && method === 'GET') {
    send(res, { ...jsonReply(200, await ctx.identities()), headers: { 'content-type': JSON_CT, ...CORS } });
    return;
  }

  if (p === '/__stats' && method === 'GET') {
    send(res, jsonReply(200, { functions: ctx.pool.getStats() }));
    return;
  }

  if (p === '/__invocations' && method === 'GET') {
    send(res, jsonReply(200, ctx.pool.recent(Number(url.searchParams.get('n')) || undefined)));
    return;
  }

  if (p === '/__logs' && method === 'GET') {
    send(res, jsonReply(200, ctx.logs.tail(Number(url.searchParams.get('n')) || 200)));
    return;
  }

  if (p === '/__ui' && method === 'GET') {
    ctx.timers.load();
    const html = renderUi({
      collection: url.searchParams.get('c'),
      db: ctx.db(),
      functions: ctx.pool.list(),
      stats: ctx.pool.getStats(),
      invocations: ctx.pool.recent(50),
      timers: ctx.timers.list(),
      clock: ctx.clock.state(),
      outbox: ctx.outbox.list(),
      logs: ctx.logs.tail(300),
    });
    send(res, { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body: html });
    return;
  }

  if ((method === 'GET' || method === 'HEAD') && !p.startsWith('/__')) {
    const file = staticFile(ctx.h5Dir, p === '/' ? '/index.html' : p);
    if (file) {
      serveFile(res, file, method === 'HEAD');
      return;
    }
    if (p === '/') {
      send(res, {
        status: 200,
        headers: { 'content-type': 'text/html; charset=utf-8' },
        body: `<!doctype html><meta charset="utf-8"><title>local cloud</title><p>local cloud is running. No H5 build in ${ctx.h5Dir} (run <code>npm run build:h5</code>). Dev UI: <a href="/__ui">/__ui</a></p>`,
      });
      return;
    }
  }

  send(res, jsonReply(404, { error: `no route for ${method} ${p}` }));
}
