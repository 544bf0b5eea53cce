/**
 * Timer triggers from each function's config.json (`triggers: [{ name, type: 'timer', config }]`),
 * run on schedule while enabled, and on demand (`fire`). The event is what CloudBase/SCF sends:
 * `{ Type: 'Timer', TriggerName, Time: '<ISO-8601 UTC, seconds>', Message: '' }`.
 */
import type { LocalClock } from './clock';
import { CronSchedule, nextFire, parseCron } from './cron';
import type { FunctionPool, InvokeResult } from './functions/pool';

export interface TimerTrigger {
  fn: string;
  name: string;
  cron: string;
  schedule: CronSchedule | null;
  error?: string;
  next: number | null;
}

export function timerEvent(triggerName: string, at: number, message = '') {
  return {
    Type: 'Timer',
    TriggerName: triggerName,
    Time: new Date(Math.floor(at / 1000) * 1000).toISOString().replace('.000Z', 'Z'),
    Message: message,
  };
}

export class TimerService {
  private triggers: TimerTrigger[] = [];
  /** armed triggers by `fn/name` */
  private readonly armed = new Map<string, { t: TimerTrigger; handle: NodeJS.Timeout | null }>();
  private running = false;
  private rescan: NodeJS.Timeout | null = null;

  private readonly now: () => number;

  /**
   * The schedule follows `clock` (GET/POST /__clock): moving it re-arms every trigger; a move forward
   * past one or more fire times runs that trigger once (missed fires coalesce, as after a sleep).
   */
  constructor(
    private readonly pool: FunctionPool,
    private readonly identity: { appid: string },
    private readonly log: (l: string) => void,
    clock?: LocalClock,
  ) {
    this.now = clock ? () => clock.now() : Date.now;
    clock?.onChange(() => this.clockMoved());
  }

  /** (Re)reads every function's config.json; while running, re-arms changed triggers. */
  load(): TimerTrigger[] {
    const out: TimerTrigger[] = [];
    for (const fn of this.pool.list()) {
      const triggers = this.pool.config(fn).triggers ?? [];
      for (const t of triggers) {
        if (!t || t.type !== 'timer') continue;
        try {
          const schedule = parseCron(String(t.config));
          out.push({
            fn,
            name: String(t.name),
            cron: String(t.config),
            schedule,
            next: nextFire(schedule, this.now()),
          });
        } catch (e) {
          const known = this.triggers.some((x) => x.fn === fn && x.name === t.name && x.cron === t.config);
          if (!known) this.log(`[timer ${fn}/${t.name}] invalid cron "${t.config}": ${(e as Error).message}`);
          out.push({
            fn,
            name: String(t.name),
            cron: String(t.config),
            schedule: null,
            error: (e as Error).message,
            next: null,
          });
        }
      }
    }
    this.triggers = out;
    if (this.running) this.sync();
    return out;
  }

  list(): TimerTrigger[] {
    return this.triggers.map((t) => {
      const a = this.armed.get(`${t.fn}/${t.name}`);
      return { ...t, next: a && a.t.cron === t.cron ? a.t.next : t.next };
    });
  }

  /** Runs triggers on schedule; rebuilt functions' config.json are picked up within 5 s. */
  start(): void {
    this.running = true;
    this.load();
    this.rescan = setInterval(() => this.load(), 5000);
    this.rescan.unref();
  }

  stop(): void {
    this.running = false;
    if (this.rescan) clearInterval(this.rescan);
    this.rescan = null;
    for (const a of this.armed.values()) if (a.handle) clearTimeout(a.handle);
    this.armed.clear();
  }

  private sync(): void {
    const wanted = new Map(this.triggers.filter((t) => t.schedule).map((t) => [`${t.fn}/${t.name}`, t]));
    for (const [key, a] of this.armed) {
      const w = wanted.get(key);
      if (!w || w.cron !== a.t.cron) {
        if (a.handle) clearTimeout(a.handle);
        this.armed.delete(key);
      }
    }
    for (const [key, t] of wanted) {
      if (this.armed.has(key)) continue;
      const a = { t: { ...t }, handle: null as NodeJS.Timeout | null };
      this.armed.set(key, a);
      this.arm(key, a);
    }
  }

  /** The clock moved: fire what is now due (once per trigger), re-arm the rest from the new time. */
  private clockMoved(): void {
    if (!this.running) {
      this.triggers = this.triggers.map((t) => ({
        ...t,
        next: t.schedule ? nextFire(t.schedule, this.now()) : null,
      }));
      return;
    }
    for (const [key, a] of this.armed) {
      if (a.handle) clearTimeout(a.handle);
      a.handle = null;
      const t = a.t;
      if (t.next !== null && this.now() >= t.next) {
        const at = this.now();
        void this.run(t, at).then((r) => {
          if (!r.ok) this.log(`[timer ${key}] failed: ${r.message}`);
        });
        this.arm(key, a, at);
      } else this.arm(key, a, this.now() - 1);
    }
  }

  private arm(key: string, a: { t: TimerTrigger; handle: NodeJS.Timeout | null }, after = this.now()): void {
    const t = a.t;
    if (!this.running || !t.schedule || this.armed.get(key) !== a) return;
    // strictly after the last fire (a timer may wake a few ms early): never the same instant twice
    t.next = nextFire(t.schedule, Math.max(after, this.now()));
    if (t.next === null) return;
    // long delays are re-armed in steps (setTimeout caps at ~24.8 days)
    const delay = Math.min(t.next - this.now(), 3600_000);
    a.handle = setTimeout(
      () => {
        a.handle = null;
        if (!this.running || this.armed.get(key) !== a) return;
        if (t.next !== null && this.now() >= t.next - 5) {
          const at = t.next;
          void this.run(t, at).then((r) => {
            if (!r.ok) this.log(`[timer ${key}] failed: ${r.message}`);
          });
          this.arm(key, a, at);
        } else this.arm(key, a);
      },
      Math.max(0, delay),
    );
    a.handle.unref();
  }

  private run(t: TimerTrigger, at: number): Promise<InvokeResult> {
    this.log(`[timer ${t.fn}/${t.name}] fire ${new Date(at).toISOString()}`);
    return this.pool.invoke(t.fn, timerEvent(t.name, at), {
      identity: { appid: this.identity.appid, source: 'wx_trigger' },
      extraEnv: { TRIGGER_SRC: 'timer' },
    });
  }

  /** Fires a function's timer trigger now (the first one, or the one named). */
  async fire(
    fn: string,
    triggerName?: string,
  ): Promise<{ trigger: TimerTrigger; result: InvokeResult } | null> {
    this.load();
    const t = this.triggers.find((x) => x.fn === fn && (!triggerName || x.name === triggerName));
    if (!t) return null;
    return { trigger: t, result: await this.run(t, this.now()) };
  }
}
