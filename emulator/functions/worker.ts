/**
 * Runs inside one worker thread = one function instance (like an SCF instance): loads
 * `<functionsDir>/<name>/index.js` on the first invocation (the cold start) and serves one
 * invocation at a time. Before each invocation it puts the caller's identity into this thread's own
 * `process.env` (worker threads have private copies), where `wx-server-sdk`'s `getWXContext()` and
 * node-sdk's `auth().getUserInfo()` read it at call time.
 *
 * This file is compiled on the fly by the pool (esbuild) and evaluated as a worker script, so it
 * must not import project files; node built-ins only.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { format } from 'node:util';

interface InvokeMsg {
  type: 'invoke';
  requestId: string;
  event: unknown;
  context: Record<string, unknown>;
  /** variables to set for this invocation; `null` = unset */
  env: Record<string, string | null>;
  /** the local cloud's clock minus real time (GET/POST /__clock): Date.now() / new Date() follow it */
  clockOffsetMs?: number;
}

type MainFn = (
  event: unknown,
  context: unknown,
  callback?: (err: unknown, value?: unknown) => void,
) => unknown;

const { entry } = workerData as { entry: string };
if (!parentPort) throw new Error('functions worker started outside a worker thread');
const port = parentPort;

let currentRequestId = '';

// The local cloud's clock: this thread's Date reads real time plus the offset of the invocation it
// serves. `new Date(x)`, Date.parse/UTC and instanceof behave as before; only "now" moves.
let clockOffsetMs = 0;
const RealDate = Date;
function ClockDate(this: unknown, ...args: unknown[]): unknown {
  if (!new.target) return new RealDate(RealDate.now() + clockOffsetMs).toString();
  return args.length === 0
    ? new RealDate(RealDate.now() + clockOffsetMs)
    : new RealDate(...(args as ConstructorParameters<typeof Date>));
}
Object.setPrototypeOf(ClockDate, RealDate);
ClockDate.prototype = RealDate.prototype;
(ClockDate as unknown as { now: () => number }).now = () => RealDate.now() + clockOffsetMs;
globalThis.Date = ClockDate as unknown as DateConstructor;
let main: MainFn | null = null;

// Console output of the function goes to the emulator, tagged with the request id.
for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
  console[level] = (...args: unknown[]) => {
    port.postMessage({ type: 'log', requestId: currentRequestId, level, text: format(...args) });
  };
}

process.on('unhandledRejection', (reason) => {
  port.postMessage({
    type: 'log',
    requestId: currentRequestId,
    level: 'error',
    text: `unhandled promise rejection: ${reason instanceof Error ? reason.stack : format(reason)}`,
  });
});

function serialiseError(e: unknown): { message: string; stack?: string } {
  if (e instanceof Error) return { message: e.message, stack: e.stack };
  if (e && typeof e === 'object') {
    try {
      return { message: JSON.stringify(e) };
    } catch {
      return { message: format(e) };
    }
  }
  return { message: String(e) };
}

async function run(msg: InvokeMsg): Promise<void> {
  currentRequestId = msg.requestId;
  clockOffsetMs = msg.clockOffsetMs ?? 0;
  for (const [k, v] of Object.entries(msg.env)) {
    if (v === null) delete process.env[k];
    else process.env[k] = v;
  }
  let loadMs = 0;
  if (!main) {
    const t0 = performance.now();
    try {
      const mod = require(entry) as { main?: MainFn };
      if (typeof mod.main !== 'function') throw new Error(`${entry} does not export main()`);
      main = mod.main;
    } catch (e) {
      port.postMessage({
        type: 'result',
        requestId: msg.requestId,
        ok: false,
        phase: 'load',
        error: serialiseError(e),
      });
      return;
    }
    loadMs = performance.now() - t0;
  }
  port.postMessage({ type: 'begin', requestId: msg.requestId, loadMs });
  const t1 = performance.now();
  try {
    const fn = main;
    const value = await new Promise<unknown>((resolve, reject) => {
      const callback = (err: unknown, v?: unknown) => (err ? reject(err) : resolve(v));
      try {
        const r = fn.length >= 3 ? fn(msg.event, msg.context, callback) : fn(msg.event, msg.context);
        if (fn.length < 3 || (r && typeof (r as Promise<unknown>).then === 'function')) {
          Promise.resolve(r).then(resolve, reject);
        }
      } catch (e) {
        reject(e);
      }
    });
    let json: string;
    try {
      json = JSON.stringify(value === undefined ? null : value);
    } catch (e) {
      throw new Error(`the return value is not JSON: ${(e as Error).message}`);
    }
    port.postMessage({
      type: 'result',
      requestId: msg.requestId,
      ok: true,
      json,
      runMs: performance.now() - t1,
    });
  } catch (e) {
    port.postMessage({
      type: 'result',
      requestId: msg.requestId,
      ok: false,
      phase: 'run',
      error: serialiseError(e),
      runMs: performance.now() - t1,
    });
  }
}

port.on('message', (msg: InvokeMsg) => {
  if (msg?.type === 'invoke') void run(msg);
});
