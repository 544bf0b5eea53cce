/**
 * Drives a local cloud's clock (`GET/POST /__clock`, emulator/README.md "Runtime: the clock") from a
 * test. `useLocalCloud()` exposes one as `cloud.clock`; black-box tests of a running local cloud make
 * their own: `const clock = clockOf('http://127.0.0.1:8787')`.
 *
 *   await cloud.clock.advance(25 * HOUR);     // the 24-hour reminder is due
 *   await cloud.clock.set(Date.parse('2026-12-01T08:00:00+08:00'));
 *   const now = await cloud.clock.now();     // the time functions see now (epoch ms)
 *
 * Functions' Date.now()/new Date(), db.serverDate() and the timer schedule follow it. It never moves
 * back behind a database write (the promise rejects with CLOCK_BEFORE_WRITE); `reset()` returns to
 * real time unconditionally.
 */
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export interface ClockState {
  now: number;
  offsetMs: number;
}

export interface ClockHandle {
  /** the local cloud's time and its offset from real time */
  get(): Promise<ClockState>;
  /** the local cloud's time now, epoch ms */
  now(): Promise<number>;
  /** sets the time (epoch ms, a Date or an ISO string) */
  set(at: number | Date | string): Promise<ClockState>;
  /** moves the time forward (or back, never behind a write) by `ms` */
  advance(ms: number): Promise<ClockState>;
  /** back to real time */
  reset(): Promise<ClockState>;
}

export function clockOf(url: string | (() => string)): ClockHandle {
  const base = typeof url === 'string' ? () => url : url;
  const post = async (body: unknown): Promise<ClockState> => {
    const res = await fetch(`${base()}/__clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const answer = (await res.json()) as ClockState & { error?: { code: string; message: string } };
    if (!res.ok)
      throw Object.assign(new Error(`POST /__clock ${JSON.stringify(body)}: ${answer.error?.message}`), {
        code: answer.error?.code,
      });
    return answer;
  };
  const handle: ClockHandle = {
    async get() {
      const res = await fetch(`${base()}/__clock`);
      if (!res.ok) throw new Error(`GET /__clock: HTTP ${res.status}`);
      return (await res.json()) as ClockState;
    },
    async now() {
      return (await handle.get()).now;
    },
    set(at) {
      const ms = typeof at === 'number' ? at : typeof at === 'string' ? Date.parse(at) : at.getTime();
      if (!Number.isFinite(ms)) throw new Error(`clock.set: not a time: ${String(at)}`);
      return post({ now: ms });
    },
    advance(ms) {
      return post({ advanceMs: Math.round(ms) });
    },
    reset() {
      return post({ reset: true });
    },
  };
  return handle;
}

/**
 * Waits until a timer run of `fn` (a run on schedule, or the one a clock move past its fire time
 * starts) has finished at local-cloud time ≥ `since`, read from `GET /__invocations`; resolves to
 * that run's record (with its round trips). Rejects after `timeoutMs`.
 */
export async function timerRunAfter(
  url: string,
  fn: string,
  since: number,
  timeoutMs = 30_000,
): Promise<{
  at: number;
  requestId: string;
  ok: boolean;
  counts: { dbRequests: number; openApiCalls: number };
}> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const recs = (await (await fetch(`${url}/__invocations`)).json()) as {
      fn: string;
      source: string | null;
      at: number;
      requestId: string;
      ok: boolean;
      counts: { dbRequests: number; openApiCalls: number };
    }[];
    const run = recs.find((r) => r.fn === fn && r.source === 'wx_trigger' && r.at >= since);
    if (run) return run;
    if (Date.now() > deadline)
      throw new Error(`no timer run of ${fn} finished after ${new Date(since).toISOString()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
