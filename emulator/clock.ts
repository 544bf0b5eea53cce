/**
 * The local cloud's clock (`GET/POST /__clock`): real time plus an offset that tests and demos move.
 * Every function invocation (its `Date.now()` / `new Date()`), `db.serverDate()`, the outbox's `at`
 * and the timer schedule read it. It never moves backwards past a database write already made
 * (a document stamped "tomorrow" would otherwise sit in the future), unless `reset` is asked for,
 * which returns to real time unconditionally.
 *
 * The offset is kept in `<data>/clock.json`, so a restarted local cloud does not jump back behind
 * the data it stores. Local cloud only: production has no such clock.
 */
import fs from 'node:fs';
import path from 'node:path';

export interface ClockState {
  /** the local cloud's time, epoch ms */
  now: number;
  /** now − real time */
  offsetMs: number;
}

export type ClockRequest = { now: number } | { advanceMs: number } | { reset: true };

export class ClockError extends Error {
  constructor(
    readonly code: 'INVALID_ARGUMENT' | 'CLOCK_BEFORE_WRITE',
    message: string,
  ) {
    super(message);
  }
}

/** Reads a `POST /__clock` body: exactly one of `now` (epoch ms), `advanceMs`, `reset: true`. */
export function parseClockRequest(body: unknown): ClockRequest {
  const b = (body && typeof body === 'object' && !Array.isArray(body) ? body : {}) as Record<string, unknown>;
  const keys = ['now', 'advanceMs', 'reset'].filter((k) => b[k] !== undefined);
  if (keys.length !== 1)
    throw new ClockError(
      'INVALID_ARGUMENT',
      'body must have exactly one of { "now": <epoch ms> }, { "advanceMs": <n> }, { "reset": true }',
    );
  if (b.reset !== undefined) {
    if (b.reset !== true) throw new ClockError('INVALID_ARGUMENT', 'reset must be true');
    return { reset: true };
  }
  const k = keys[0] as 'now' | 'advanceMs';
  const v = b[k];
  if (typeof v !== 'number' || !Number.isFinite(v) || !Number.isInteger(v))
    throw new ClockError('INVALID_ARGUMENT', `${k} must be an integer number of milliseconds`);
  if (k === 'now' && (v < 0 || v > 4102444800000))
    throw new ClockError('INVALID_ARGUMENT', 'now must be epoch ms between 1970 and 2100');
  return k === 'now' ? { now: v } : { advanceMs: v };
}

export class LocalClock {
  private offset = 0;
  /** the clock's reading at the latest database write (it may not move back before this) */
  private lastWrite = -Infinity;
  private readonly listeners = new Set<(s: ClockState) => void>();
  private readonly file: string | null;

  constructor(dataDir?: string) {
    this.file = dataDir ? path.join(dataDir, 'clock.json') : null;
    if (this.file && fs.existsSync(this.file)) {
      try {
        const saved = JSON.parse(fs.readFileSync(this.file, 'utf8')) as { offsetMs?: unknown };
        if (typeof saved.offsetMs === 'number' && Number.isFinite(saved.offsetMs))
          this.offset = saved.offsetMs;
      } catch {
        // a damaged file: real time
      }
    }
  }

  now(): number {
    return Date.now() + this.offset;
  }

  get offsetMs(): number {
    return this.offset;
  }

  state(): ClockState {
    return { now: this.now(), offsetMs: this.offset };
  }

  /** Called by the database on every write. */
  noteWrite(): void {
    const n = this.now();
    if (n > this.lastWrite) this.lastWrite = n;
  }

  /** Treat everything stored so far as written now (a restarted local cloud over existing data). */
  noteExistingData(): void {
    this.noteWrite();
  }

  apply(req: ClockRequest): ClockState {
    if ('reset' in req) {
      this.setOffset(0);
      // writes made before real time still hold the clock; those "in the future" no longer do
      this.lastWrite = Math.min(this.lastWrite, Date.now());
      return this.state();
    }
    const target = 'now' in req ? req.now : this.now() + req.advanceMs;
    if (target < this.lastWrite)
      throw new ClockError(
        'CLOCK_BEFORE_WRITE',
        `the clock cannot move back to ${new Date(target).toISOString()}: a write was made at ${new Date(this.lastWrite).toISOString()} (use { "reset": true } to return to real time)`,
      );
    this.setOffset(target - Date.now());
    return this.state();
  }

  /** Runs `fn` after every change of the offset (the timer service re-arms its triggers). */
  onChange(fn: (s: ClockState) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private setOffset(offset: number): void {
    this.offset = offset;
    if (this.file) {
      try {
        if (offset === 0) fs.rmSync(this.file, { force: true });
        else fs.writeFileSync(this.file, JSON.stringify({ offsetMs: offset }) + '\n');
      } catch {
        // the data folder went away (shutting down): the offset still holds in memory
      }
    }
    const s = this.state();
    for (const l of this.listeners) l(s);
  }
}
