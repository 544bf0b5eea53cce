/**
 * Timer triggers from each function's config.json (`triggers: [{ name, type: 'timer', config }]`),
 * run on schedule while enabled, and on demand (`fire`). The event is what CloudBase/SCF sends:
 * `{ Type: 'Timer', TriggerName, Time: '<ISO-8601 UTC, seconds>', Message: '' }`.
 */
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
  private handles = new Map<string, NodeJS.Timeout>();
  private running = false;

  constructor(
    private readonly pool: FunctionPool,
    private readonly identity: { appid: string },
    private readonly log: (l: string) => void,
  ) {}

  /** (Re)reads every function's config.json. */
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
            next: nextFire(schedule, Date.now()),
          });
        } catch (e) {
          out.push({
            fn,
            name: String(t.name),
            cron: String(t.config),
            schedule: null,
            error: (e as Error).message,
            next: null,
          });
          this.log(`[timer ${fn}/${t.name}] invalid cron "${t.config}": ${(e as Error).message}`);
        }
      }
    }
    this.triggers = out;
    return out;
  }

  list(): TimerTrigger[] {
    return this.triggers.map((t) => ({ ...t }));
  }

  start(): void {
    this.running = true;
    this.load();
    for (const t of this.triggers) this.arm(t);
  }

  stop(): void {
    this.running = false;
    for (const h of this.handles.values()) clearTimeout(h);
    this.handles.clear();
  }

  private arm(t: TimerTrigger): void {
    if (!this.running || !t.schedule) return;
    const key = `${t.fn}/${t.name}`;
    t.next = nextFire(t.schedule, Date.now());
    if (t.next === null) return;
    // long delays are re-armed in steps (setTimeout caps at ~24.8 days)
    const delay = Math.min(t.next - Date.now(), 3600_000);
    const h = setTimeout(
      () => {
        this.handles.delete(key);
        if (!this.running) return;
        if (t.next !== null && Date.now() >= t.next - 5) {
          const at = t.next;
          void this.run(t, at).then((r) => {
            if (!r.ok) this.log(`[timer ${key}] failed: ${r.message}`);
          });
          // next fire strictly after this one
          t.next = t.schedule ? nextFire(t.schedule, at) : null;
        }
        this.arm(t);
      },
      Math.max(0, delay),
    );
    h.unref();
    this.handles.set(key, h);
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
    return { trigger: t, result: await this.run(t, Date.now()) };
  }
}
