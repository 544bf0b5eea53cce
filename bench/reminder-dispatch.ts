/**
 * Reminder dispatch (issue 7): 5,000 due reminders in ONE run of the `dispatch` timer — 5 branches ×
 * 1,000 members, one meeting per branch starting in 30 minutes, every member holding one credit.
 * Measures the run's wall time against the function timeout in config.json and the messages per
 * second reaching the outbox (errcode 0), then checks the database: 5,000 reminder rows `sent`,
 * every credit spent, and a second run sends nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { SEND_CONCURRENCY } from '../cloudfunctions/reminder/actions/deliver';
import { DISPATCH_TIMEOUT_SEC, SAFETY_MARGIN_MS } from '../cloudfunctions/reminder/actions/dispatch';
import { nextFire, parseCron } from '../emulator/cron';
import type { OutboxEntry } from '../emulator/openapi';
import { createSdkApp } from '../emulator/sdk';
import type { TDispatchOutput } from '../types/reminder';
import { reminderCredits, seedBranch, startBenchCloud, type BenchResult } from './lib';

const PER_BRANCH = 1000;
const root = path.resolve(__dirname, '..');

interface Fired {
  durationMs: number;
  result: { ok: boolean; data: TDispatchOutput };
}

/**
 * `npm run bench -- reminder-dispatch [due]` (default 5,000): `due` / 1,000 branches of 1,000 members,
 * one meeting each starting in 30 minutes (the hour-before reminder: its tolerance is the 30 minutes
 * left). Past one run's budget the timer runs again (config.json's schedule: every minute) until nothing is
 * owed: the day's `due` reminders must all be delivered exactly once before the meetings start.
 */
export default async function run(args: string[] = []): Promise<BenchResult> {
  const due = Number(args.find((a) => /^\d+$/.test(a)) ?? 5000);
  const BRANCHES = Math.max(1, Math.round(due / PER_BRANCH));
  const lines: string[] = [];
  const goals: BenchResult['goals'] = [];
  const bench = await startBenchCloud('reminder', {
    // BENCH_LOGS=1: the functions' log lines (the dispatch's phases and counts) on stdout
    quiet: process.env.BENCH_LOGS !== '1',
    env: {
      APP_TEMPLATE_MEETING_REMINDER: 'bench-meeting-reminder',
      APP_TEMPLATE_MEETING_CANCELLED: 'bench-meeting-cancelled',
      APP_TEMPLATE_TASK_REMINDER: 'bench-task-reminder',
    },
  });
  const { cloud } = bench;
  try {
    const configured = JSON.parse(
      fs.readFileSync(path.join(root, 'dist/functions/reminder/config.json'), 'utf8'),
    ) as { timeout: number; triggers: { config: string }[] };
    // the dispatch schedule's period (config.json cron): successive runs are this far apart
    const cron = parseCron(configured.triggers[0].config);
    const mark = nextFire(cron, Date.UTC(2027, 0, 1))!;
    const periodMs = nextFire(cron, mark)! - mark;
    const periodText = periodMs % 60_000 === 0 ? `${periodMs / 60_000}-minute` : `${periodMs / 1000}-second`;
    const db = createSdkApp(cloud.url, cloud.envId).database();
    const now = Date.now();
    for (let b = 0; b < BRANCHES; b++) {
      const branchId = `b${b}`;
      const ids = Array.from({ length: PER_BRANCH }, (_, i) => `m${b}_${String(i).padStart(4, '0')}`);
      await seedBranch(db, { now, branchId, branchName: `压测支部${b}`, members: ids.map((id) => ({ id })) });
      for (let i = 0; i < ids.length; i += 500)
        await db.collection('credits').add(reminderCredits(ids.slice(i, i + 500), now));
      await db.collection('activities').add({
        _id: `a${b}`,
        branchId,
        type: 'branch_congress',
        title: `支部党员大会（压测 ${b}）`,
        siteId: null,
        startAt: now + 30 * 60_000,
        endAt: now + 90 * 60_000,
        status: 'scheduled',
        checkin: {
          proof: 'rotating',
          requireLocation: false,
          approval: 'auto',
          codePeriodSec: 15,
          checkOut: false,
        },
        secret: 'x'.repeat(32),
        createdBy: 'bench',
        createdAt: now,
        updatedAt: now,
      });
    }
    const total = BRANCHES * PER_BRANCH;

    const fire = async (): Promise<Fired> => {
      const res = await fetch(`${cloud.url}/__timers/reminder`, { method: 'POST' });
      if (!res.ok) throw new Error(`dispatch answered HTTP ${res.status}: ${await res.text()}`);
      const fired = (await res.json()) as Fired;
      if (!fired.result.ok) throw new Error(`dispatch failed: ${JSON.stringify(fired.result)}`);
      return fired;
    };
    const outbox = async () =>
      ((await (await fetch(`${cloud.url}/__outbox`)).json()) as OutboxEntry[]).filter(
        (e) => e.apiName === 'subscribeMessage.send',
      );

    const t0 = performance.now();
    const first = await fire();
    const wall = performance.now() - t0;
    // successive runs (the timer fires every periodMs) until a run owes nothing more
    const runs: Fired[] = [first];
    while (runs.length < Math.max(30, Math.ceil((30 * 60_000) / periodMs) + 1)) {
      const last = runs[runs.length - 1].result.data;
      if (!last.deferred && !last.roundsLeft) break;
      runs.push(await fire());
    }
    const sentBox = (await outbox()).filter((e) => e.result.errcode === 0);
    const inRun = sentBox.filter((e) => e.at >= now);
    const span =
      inRun.length > 1 ? Math.max(...inRun.map((e) => e.at)) - Math.min(...inRun.map((e) => e.at)) : 0;
    const second = await fire();
    const afterSecond = (await outbox()).filter((e) => e.result.errcode === 0).length;
    const keys = new Set(
      sentBox.map((e) => {
        const d = e.data as { touser: string; page: string };
        return `${d.touser}|${d.page}`;
      }),
    );
    const sentAll = runs.reduce((n, r) => n + r.result.data.sent, 0);
    const busyMs = runs.reduce((n, r) => n + r.durationMs, 0);
    // on the schedule the last message goes out (runs − 1) periods + the last run's time after the
    // first (a run longer than the period would overlap the next: counted as if it waited)
    const deliveredWithinMs = runs
      .slice(0, -1)
      .reduce((t, r) => t + Math.max(periodMs, r.durationMs), runs[runs.length - 1].durationMs);
    const rows = await db.collection('reminders').where({ activityId: 'a0' }).count();
    const left = await db.collection('credits').where({ templateKey: 'meetingReminder', count: 1 }).count();

    const perSec = (sentAll / busyMs) * 1000;
    const duplicates = sentBox.length - keys.size;
    const lost = total - keys.size;
    lines.push(
      `${total} due reminders (${BRANCHES} branches × ${PER_BRANCH}), ${SEND_CONCURRENCY} in flight, budget ${DISPATCH_TIMEOUT_SEC}s − ${SAFETY_MARGIN_MS / 1000}s`,
      `first run: ${JSON.stringify(first.result.data)} in ${(first.durationMs / 1000).toFixed(1)} s (timer ${first.durationMs} ms, HTTP ${wall.toFixed(0)} ms)`,
      `runs until nothing owed: ${runs.length} (${runs.map((r) => `${r.result.data.sent} in ${(r.durationMs / 1000).toFixed(1)} s`).join(', ')}); on the ${periodText} schedule (${configured.triggers[0].config}) the last is delivered ${(deliveredWithinMs / 60_000).toFixed(1)} min after the first run`,
      `outbox: ${sentBox.length} delivered; ${perSec.toFixed(0)} messages/s over the run (${((inRun.length / Math.max(1, span)) * 1000).toFixed(0)}/s between first and last send)`,
      `function timeout ${configured.timeout} s: the longest run used ${((Math.max(...runs.map((r) => r.durationMs)) / 1000 / configured.timeout) * 100).toFixed(0)}%`,
      `second run: ${JSON.stringify(second.result.data)} in ${second.durationMs} ms; outbox delivered ${afterSecond}`,
      `db: reminder rows of a0 ${(rows as { total: number }).total}, credits still 1: ${(left as { total: number }).total}`,
      `duplicates ${duplicates}, lost ${lost}; per run: ${runs.map((r) => JSON.stringify(r.result.data)).join(' ')}`,
    );
    goals.push(
      {
        name: `all ${total.toLocaleString('en')} delivered exactly once, before the meetings start (30 min, a run every ${periodText.replace('-', ' ')})`,
        // the outbox is what reached members; a send answered too late counts `failed` in its run
        // (row `unknown`, never retried) although it went out — reported beside
        ok: sentBox.length === total && keys.size === total && deliveredWithinMs < 30 * 60_000,
        value: `${keys.size} distinct of ${sentBox.length} delivered in ${runs.length} run(s) (runs recorded ${sentAll} sent); last after ${(deliveredWithinMs / 60_000).toFixed(1)} min`,
      },
      {
        name: 'every run within the configured function timeout',
        ok: runs.every((r) => r.durationMs < configured.timeout * 1000),
        value: `longest ${(Math.max(...runs.map((r) => r.durationMs)) / 1000).toFixed(1)} s of ${configured.timeout} s`,
      },
      {
        name: 'a second run sends nothing',
        ok: second.result.data.sent === 0 && afterSecond === total,
        value: `${second.result.data.sent} sent`,
      },
      {
        name: 'credits spent exactly once',
        ok: (left as { total: number }).total === 0 && (rows as { total: number }).total === PER_BRANCH,
        value: `${(left as { total: number }).total} left`,
      },
    );
    return { name: 'reminder-dispatch', lines, goals };
  } finally {
    await bench.stop();
  }
}
