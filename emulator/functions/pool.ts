/**
 * Function gateway: a pool of worker threads per function, one invocation per worker at a time.
 * Warm workers are reused; at most `perFunction` workers per function and `total` overall, extra
 * invocations wait in a FIFO queue. A timed-out invocation answers an error and its worker is
 * terminated (the next call gets a fresh one). A rebuilt bundle (new mtime of index.js) retires the
 * old workers as they become idle.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { transformSync } from 'esbuild';

export interface FunctionConfig {
  timeout?: number;
  triggers?: Array<{ name: string; type: string; config: string }>;
  [k: string]: unknown;
}

export interface CallerIdentity {
  openid?: string;
  appid?: string;
  unionid?: string;
  source?: string; // TCB_SOURCE
  clientIp?: string;
}

export interface InvokeOptions {
  /** identity of the caller (empty for server-side callers and timers) */
  identity?: CallerIdentity;
  /** extra env for this invocation (e.g. TRIGGER_SRC=timer) */
  extraEnv?: Record<string, string>;
  /**
   * a call made by a running function (callFunction): it may exceed the overall worker limit, or
   * functions waiting on functions could deadlock the pool
   */
  nested?: boolean;
}

/**
 * The round trips one invocation made to the platform (each a network request on CloudBase),
 * counted by the `/admin` handler from the invocation's own `wxCloudApiToken`, so concurrent
 * invocations never share a counter. A function called with `callFunction` adds its counts to its
 * caller's once it returns.
 */
export interface InvocationCounts {
  /** `database.*` requests (reads, writes, transaction start/commit/abort) */
  dbRequests: number;
  /** open-API calls (`wx.openApi`, `wx.api`), refused ones included */
  openApiCalls: number;
  /** `callFunction` requests made by this invocation (and by the functions it called) */
  functionCalls: number;
  /** `database.*` requests per action, e.g. `{ 'database.getDocument': 2 }` */
  db: Record<string, number>;
}

export function emptyCounts(): InvocationCounts {
  return { dbRequests: 0, openApiCalls: 0, functionCalls: 0, db: {} };
}

/** `into += from` (a called function's round trips are its caller's too). */
export function addCounts(into: InvocationCounts, from: InvocationCounts): void {
  into.dbRequests += from.dbRequests;
  into.openApiCalls += from.openApiCalls;
  into.functionCalls += from.functionCalls;
  for (const [k, n] of Object.entries(from.db)) into.db[k] = (into.db[k] ?? 0) + n;
}

export type InvokeResult = (
  | { ok: true; requestId: string; json: string; cold: boolean; durationMs: number; loadMs: number }
  | {
      ok: false;
      requestId: string;
      kind: 'not_found' | 'timeout' | 'error' | 'crash' | 'shutdown';
      message: string;
      durationMs: number;
      cold: boolean;
    }
) & { counts: InvocationCounts };

/** One finished invocation, for the dev page (`/__ui`) and `GET /__invocations`. */
export interface InvocationRecord {
  /** end time on the local cloud's clock (epoch ms) */
  at: number;
  fn: string;
  /** `event.action` when the event names one */
  action: string | null;
  requestId: string;
  /** TCB_SOURCE: wx_client (/fn), scf (callFunction), wx_trigger (timer) */
  source: string | null;
  ok: boolean;
  kind: string | null;
  cold: boolean;
  durationMs: number;
  counts: InvocationCounts;
}

export interface PoolOptions {
  functionsDir: string;
  /** variables every worker starts with (SDK seam, APP_*, PATH …) */
  baseEnv: Record<string, string>;
  perFunction?: number;
  total?: number;
  defaultTimeoutSec?: number;
  /** workers idle this long are terminated */
  idleMs?: number;
  log: (line: string) => void;
  /** called when an invocation starts/ends, to map its API token to the caller */
  onTokenIssued?: (
    token: string,
    info: { fn: string; requestId: string; identity: CallerIdentity; counts: InvocationCounts },
  ) => void;
  onTokenRevoked?: (token: string) => void;
  /** the local cloud's clock minus real time, read at the start of every invocation */
  clockOffsetMs?: () => number;
}

export interface FunctionStats {
  name: string;
  invocations: number;
  cold: number;
  warm: number;
  timeouts: number;
  errors: number;
  /** cold start: worker boot + module load + run, as seen by the gateway */
  lastColdMs: number | null;
  avgColdMs: number | null;
  lastWarmMs: number | null;
  avgWarmMs: number | null;
  /** module load (require) time of the last cold start */
  lastLoadMs: number | null;
  workers: number;
  busy: number;
  queued: number;
  /** round trips over all finished invocations (see InvocationCounts) */
  dbRequests: number;
  openApiCalls: number;
}

interface Job {
  fn: string;
  event: unknown;
  opts: InvokeOptions;
  requestId: string;
  queuedAt: number;
  resolve: (r: InvokeResult) => void;
  counts: InvocationCounts;
  token?: string;
}

interface PooledWorker {
  id: number;
  fn: string;
  worker: Worker;
  mtimeMs: number;
  busy: Job | null;
  served: number;
  idleTimer: NodeJS.Timeout | null;
  runTimer: NodeJS.Timeout | null;
  startedAt: number;
  dead: boolean;
  /** set when this worker's job ended by timeout/crash: do not answer twice */
  jobStart: number;
  loadMs: number;
  stdoutBuf: string;
}

let compiledWorker: string | null = null;
function workerSource(): string {
  if (!compiledWorker) {
    const file = path.join(__dirname, 'worker.ts');
    const src = fs.readFileSync(file, 'utf8');
    compiledWorker = transformSync(src, {
      loader: 'ts',
      format: 'cjs',
      target: 'node20',
      sourcefile: file,
    }).code;
  }
  return compiledWorker;
}

/** Variables a worker keeps from the emulator's own environment (never the SDK seam or APP_*). */
const INHERITED = ['PATH', 'HOME', 'TMPDIR', 'TEMP', 'LANG', 'LC_ALL', 'TZ', 'NODE_PATH', 'SYSTEMROOT'];
export function inheritedEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const k of INHERITED) if (process.env[k] !== undefined) env[k] = process.env[k] as string;
  return env;
}

export class FunctionPool {
  private readonly workers = new Set<PooledWorker>();
  private readonly queues = new Map<string, Job[]>();
  private readonly stats = new Map<string, FunctionStats & { coldSum: number; warmSum: number }>();
  private readonly perFunction: number;
  private readonly total: number;
  private readonly defaultTimeoutSec: number;
  private readonly idleMs: number;
  private nextId = 1;
  private closed = false;
  /** the last finished invocations, oldest first */
  private readonly finished: InvocationRecord[] = [];
  static readonly RECENT = 200;

  constructor(private readonly o: PoolOptions) {
    this.perFunction = o.perFunction ?? 4;
    this.total = o.total ?? 8;
    this.defaultTimeoutSec = o.defaultTimeoutSec ?? 20;
    this.idleMs = o.idleMs ?? 10 * 60 * 1000;
    workerSource(); // compile once up front, so the first cold start measures the function only
  }

  /** Names of the deployed (bundled) functions. */
  list(): string[] {
    try {
      return fs
        .readdirSync(this.o.functionsDir, { withFileTypes: true })
        .filter((d) => d.isDirectory() && fs.existsSync(path.join(this.o.functionsDir, d.name, 'index.js')))
        .map((d) => d.name)
        .sort();
    } catch {
      return [];
    }
  }

  entryOf(fn: string): string | null {
    if (!/^[A-Za-z][A-Za-z0-9_-]{0,59}$/.test(fn)) return null;
    const entry = path.join(this.o.functionsDir, fn, 'index.js');
    return fs.existsSync(entry) ? entry : null;
  }

  config(fn: string): FunctionConfig {
    const file = path.join(this.o.functionsDir, fn, 'config.json');
    try {
      return JSON.parse(fs.readFileSync(file, 'utf8')) as FunctionConfig;
    } catch {
      return {};
    }
  }

  timeoutSec(fn: string): number {
    const t = Number(this.config(fn).timeout);
    return Number.isFinite(t) && t > 0 ? t : this.defaultTimeoutSec;
  }

  invoke(fn: string, event: unknown, opts: InvokeOptions = {}): Promise<InvokeResult> {
    const requestId = crypto.randomUUID().replace(/-/g, '');
    if (this.closed) {
      return Promise.resolve({
        ok: false,
        requestId,
        kind: 'shutdown',
        message: 'local cloud is shutting down',
        durationMs: 0,
        cold: false,
        counts: emptyCounts(),
      });
    }
    if (!this.entryOf(fn)) {
      return Promise.resolve({
        ok: false,
        requestId,
        kind: 'not_found',
        message: `function ${fn} not found in ${this.o.functionsDir} (run npm run build:functions?)`,
        durationMs: 0,
        cold: false,
        counts: emptyCounts(),
      });
    }
    return new Promise((resolve) => {
      const job: Job = {
        fn,
        event,
        opts,
        requestId,
        queuedAt: performance.now(),
        counts: emptyCounts(),
        resolve: (r) => {
          this.record(job, r);
          resolve(r);
        },
      };
      const q = this.queues.get(fn) ?? [];
      q.push(job);
      this.queues.set(fn, q);
      this.pump();
    });
  }

  /** The last finished invocations (at most 200), newest last, with their round trips. */
  recent(n = FunctionPool.RECENT): InvocationRecord[] {
    return this.finished.slice(-Math.max(1, Math.min(Math.floor(n) || 1, FunctionPool.RECENT)));
  }

  private record(job: Job, r: InvokeResult): void {
    if (r.ok || r.kind !== 'not_found') {
      const s = this.statFor(job.fn);
      s.dbRequests += r.counts.dbRequests;
      s.openApiCalls += r.counts.openApiCalls;
    }
    const action = (job.event as { action?: unknown } | null)?.action;
    this.finished.push({
      at: Date.now() + (this.o.clockOffsetMs?.() ?? 0),
      fn: job.fn,
      action: typeof action === 'string' ? action : null,
      requestId: job.requestId,
      source: job.opts.identity?.source ?? null,
      ok: r.ok,
      kind: r.ok ? null : r.kind,
      cold: r.cold,
      durationMs: round(r.durationMs),
      counts: r.counts,
    });
    if (this.finished.length > FunctionPool.RECENT)
      this.finished.splice(0, this.finished.length - FunctionPool.RECENT);
  }

  getStats(): FunctionStats[] {
    return [...this.stats.values()].map((s) => {
      const ws = [...this.workers].filter((w) => w.fn === s.name);
      // eslint-disable-next-line @typescript-eslint/no-unused-vars
      const { coldSum, warmSum, ...rest } = s;
      return {
        ...rest,
        workers: ws.length,
        busy: ws.filter((w) => w.busy).length,
        queued: this.queues.get(s.name)?.length ?? 0,
      };
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const [, q] of this.queues) {
      for (const job of q.splice(0)) {
        job.resolve({
          ok: false,
          requestId: job.requestId,
          kind: 'shutdown',
          message: 'local cloud is shutting down',
          durationMs: 0,
          cold: false,
          counts: job.counts,
        });
      }
    }
    await Promise.all([...this.workers].map((w) => this.retire(w, 'shutdown')));
  }

  private statFor(fn: string) {
    let s = this.stats.get(fn);
    if (!s) {
      s = {
        name: fn,
        invocations: 0,
        cold: 0,
        warm: 0,
        timeouts: 0,
        errors: 0,
        lastColdMs: null,
        avgColdMs: null,
        lastWarmMs: null,
        avgWarmMs: null,
        lastLoadMs: null,
        workers: 0,
        busy: 0,
        queued: 0,
        dbRequests: 0,
        openApiCalls: 0,
        coldSum: 0,
        warmSum: 0,
      };
      this.stats.set(fn, s);
    }
    return s;
  }

  private mtimeOf(fn: string): number {
    try {
      return fs.statSync(path.join(this.o.functionsDir, fn, 'index.js')).mtimeMs;
    } catch {
      return 0;
    }
  }

  private pump(): void {
    if (this.closed) return;
    // oldest waiting job first, across functions
    const waiting = [...this.queues.entries()]
      .filter(([, q]) => q.length > 0)
      .sort((a, b) => a[1][0].queuedAt - b[1][0].queuedAt);
    for (const [fn, q] of waiting) {
      while (q.length > 0) {
        const mtime = this.mtimeOf(fn);
        let w = [...this.workers].find((x) => x.fn === fn && !x.busy && !x.dead && x.mtimeMs === mtime);
        if (!w) {
          // a stale idle worker (old bundle) makes room
          const stale = [...this.workers].find(
            (x) => x.fn === fn && !x.busy && !x.dead && x.mtimeMs !== mtime,
          );
          if (stale) void this.retire(stale, 'bundle changed');
          const mine = [...this.workers].filter((x) => x.fn === fn && !x.dead).length;
          if (mine >= this.perFunction) break;
          if (this.liveCount() >= this.total && !q[0].opts.nested) {
            const idleOther = [...this.workers].find((x) => x.fn !== fn && !x.busy && !x.dead);
            if (!idleOther) break;
            void this.retire(idleOther, 'making room');
          }
          w = this.spawn(fn, mtime);
        }
        const job = q.shift() as Job;
        this.dispatch(w, job);
      }
    }
  }

  private liveCount(): number {
    return [...this.workers].filter((w) => !w.dead).length;
  }

  private spawn(fn: string, mtimeMs: number): PooledWorker {
    const entry = path.join(this.o.functionsDir, fn, 'index.js');
    const worker = new Worker(workerSource(), {
      eval: true,
      // config.json envVariables as CloudBase sets them; the emulator's own (seam, APP_*) win
      env: { ...stringRecord(this.config(fn).envVariables), ...this.o.baseEnv, SCF_FUNCTIONNAME: fn },
      workerData: { entry },
      stdout: true,
      stderr: true,
    });
    const pw: PooledWorker = {
      id: this.nextId++,
      fn,
      worker,
      mtimeMs,
      busy: null,
      served: 0,
      idleTimer: null,
      runTimer: null,
      startedAt: performance.now(),
      dead: false,
      jobStart: 0,
      loadMs: 0,
      stdoutBuf: '',
    };
    this.workers.add(pw);
    const pipe = (stream: NodeJS.ReadableStream) => {
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        pw.stdoutBuf += chunk;
        let nl: number;
        while ((nl = pw.stdoutBuf.indexOf('\n')) >= 0) {
          this.fnLog(fn, pw.busy?.requestId ?? '-', pw.stdoutBuf.slice(0, nl));
          pw.stdoutBuf = pw.stdoutBuf.slice(nl + 1);
        }
      });
    };
    pipe(worker.stdout);
    pipe(worker.stderr);
    worker.on('message', (m: WorkerMsg) => this.onMessage(pw, m));
    worker.on('error', (e) => {
      this.finishWithError(
        pw,
        'crash',
        `function ${fn} crashed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`,
      );
      void this.retire(pw, 'crashed');
    });
    worker.on('exit', (code) => {
      if (!pw.dead) {
        this.finishWithError(pw, 'crash', `function ${fn} exited (code ${code})`);
        pw.dead = true;
        this.workers.delete(pw);
        this.pump();
      }
    });
    return pw;
  }

  private fnLog(fn: string, requestId: string, text: string): void {
    for (const line of text.split('\n')) this.o.log(`[fn ${fn} ${requestId}] ${line}`);
  }

  private dispatch(w: PooledWorker, job: Job): void {
    if (w.idleTimer) clearTimeout(w.idleTimer);
    w.idleTimer = null;
    w.busy = job;
    w.jobStart = performance.now();
    const token = crypto.randomBytes(18).toString('base64url');
    job.token = token;
    const id = job.opts.identity ?? {};
    this.o.onTokenIssued?.(token, {
      fn: job.fn,
      requestId: job.requestId,
      identity: id,
      counts: job.counts,
    });
    const timeoutMs = this.timeoutSec(job.fn) * 1000;
    const env = identityEnv(id, token, job.opts.extraEnv ?? {});
    const context = {
      request_id: job.requestId,
      function_name: job.fn,
      function_version: '$LATEST',
      namespace: this.o.baseEnv.SCF_NAMESPACE ?? '',
      memory_limit_in_mb: 256,
      time_limit_in_ms: timeoutMs,
      environment: JSON.stringify(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== null))),
    };
    // the time limit counts from the start of the run; module loading has its own generous limit
    w.runTimer = setTimeout(() => this.onTimeout(w, job, 'loading'), Math.max(timeoutMs, 60_000));
    w.worker.postMessage({
      type: 'invoke',
      requestId: job.requestId,
      event: job.event,
      context,
      env,
      clockOffsetMs: this.o.clockOffsetMs?.() ?? 0,
    });
  }

  private onTimeout(w: PooledWorker, job: Job, phase: string): void {
    if (w.busy !== job) return;
    const secs = this.timeoutSec(job.fn);
    this.statFor(job.fn).timeouts++;
    this.finishWithError(
      w,
      'timeout',
      phase === 'loading'
        ? `function ${job.fn} did not finish loading in time`
        : `function ${job.fn} timed out after ${secs} s (config.json timeout); its instance was recycled`,
    );
    void this.retire(w, 'timed out');
  }

  private onMessage(w: PooledWorker, m: WorkerMsg): void {
    const job = w.busy;
    if (m.type === 'log') {
      this.fnLog(
        w.fn,
        m.requestId || job?.requestId || '-',
        m.level === 'log' || m.level === 'info' ? m.text : `${m.level.toUpperCase()} ${m.text}`,
      );
      return;
    }
    if (!job || m.requestId !== job.requestId) return;
    if (m.type === 'begin') {
      w.loadMs = m.loadMs;
      if (w.runTimer) clearTimeout(w.runTimer);
      w.runTimer = setTimeout(() => this.onTimeout(w, job, 'run'), this.timeoutSec(job.fn) * 1000);
      return;
    }
    if (m.type === 'result') {
      const cold = w.served === 0;
      const durationMs = performance.now() - (cold ? Math.min(w.startedAt, w.jobStart) : w.jobStart);
      const s = this.statFor(job.fn);
      s.invocations++;
      if (cold) {
        s.cold++;
        s.coldSum += durationMs;
        s.lastColdMs = round(durationMs);
        s.avgColdMs = round(s.coldSum / s.cold);
        s.lastLoadMs = round(w.loadMs);
      } else {
        s.warm++;
        s.warmSum += durationMs;
        s.lastWarmMs = round(durationMs);
        s.avgWarmMs = round(s.warmSum / s.warm);
      }
      this.release(w, job);
      if (m.ok) {
        this.o.log(
          `[fn ${job.fn} ${job.requestId}] done in ${round(durationMs)} ms (${cold ? `cold start, module load ${round(w.loadMs)} ms` : 'warm'})`,
        );
        job.resolve({
          ok: true,
          requestId: job.requestId,
          json: m.json,
          cold,
          durationMs,
          loadMs: w.loadMs,
          counts: job.counts,
        });
      } else {
        s.errors++;
        const what = m.phase === 'load' ? 'failed to load' : 'threw';
        this.o.log(`[fn ${job.fn} ${job.requestId}] ERROR ${what}: ${m.error.stack ?? m.error.message}`);
        job.resolve({
          ok: false,
          requestId: job.requestId,
          kind: 'error',
          message: `function ${job.fn} ${what}: ${m.error.message}`,
          durationMs,
          cold,
          counts: job.counts,
        });
        if (m.phase === 'load') void this.retire(w, 'load failed');
      }
      this.pump();
    }
  }

  private release(w: PooledWorker, job: Job): void {
    if (w.runTimer) clearTimeout(w.runTimer);
    w.runTimer = null;
    w.busy = null;
    w.served++;
    if (job.token) this.o.onTokenRevoked?.(job.token);
    if (!w.dead) {
      w.idleTimer = setTimeout(() => void this.retire(w, 'idle'), this.idleMs);
      w.idleTimer.unref();
    }
  }

  private finishWithError(w: PooledWorker, kind: 'timeout' | 'crash' | 'shutdown', message: string): void {
    const job = w.busy;
    if (!job) return;
    const cold = w.served === 0;
    const durationMs = performance.now() - w.jobStart;
    this.release(w, job);
    if (kind === 'crash') this.statFor(job.fn).errors++;
    this.o.log(`[fn ${job.fn} ${job.requestId}] ${kind.toUpperCase()} ${message}`);
    job.resolve({ ok: false, requestId: job.requestId, kind, message, durationMs, cold, counts: job.counts });
  }

  private async retire(w: PooledWorker, why: string): Promise<void> {
    if (w.dead) return;
    if (w.busy)
      this.finishWithError(w, why === 'shutdown' ? 'shutdown' : 'crash', `function ${w.fn} stopped (${why})`);
    w.dead = true;
    if (w.idleTimer) clearTimeout(w.idleTimer);
    if (w.runTimer) clearTimeout(w.runTimer);
    this.workers.delete(w);
    if (why !== 'idle' && why !== 'shutdown' && why !== 'making room') {
      this.o.log(`[fn ${w.fn}] instance #${w.id} recycled (${why})`);
    }
    try {
      await w.worker.terminate();
    } catch {
      // already gone
    }
    this.pump();
  }
}

type WorkerMsg =
  | { type: 'log'; requestId: string; level: string; text: string }
  | { type: 'begin'; requestId: string; loadMs: number }
  | { type: 'result'; requestId: string; ok: true; json: string; runMs: number }
  | {
      type: 'result';
      requestId: string;
      ok: false;
      phase: 'load' | 'run';
      error: { message: string; stack?: string };
    };

function stringRecord(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (v && typeof v === 'object')
    for (const [k, x] of Object.entries(v)) if (x !== undefined && x !== null) out[k] = String(x);
  return out;
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

/** The per-invocation variables, as CloudBase sets them for a call from the mini-program. */
export function identityEnv(
  id: CallerIdentity,
  token: string,
  extra: Record<string, string>,
): Record<string, string | null> {
  const env: Record<string, string | null> = {
    WX_OPENID: id.openid || null,
    WX_APPID: id.appid || null,
    WX_UNIONID: id.unionid || null,
    WX_CLIENTIP: id.openid ? (id.clientIp ?? '127.0.0.1') : null,
    WX_API_TOKEN: token,
    TCB_SOURCE: id.source ?? null,
    TRIGGER_SRC: null,
    WX_TRIGGER_API_TOKEN_V0: null,
    ...extra,
  };
  const keys = [
    'WX_OPENID',
    'WX_APPID',
    'WX_UNIONID',
    'WX_CLIENTIP',
    'WX_API_TOKEN',
    'WX_TRIGGER_API_TOKEN_V0',
  ].filter((k) => env[k]);
  env.WX_CONTEXT_KEYS = keys.join(',');
  return env;
}
