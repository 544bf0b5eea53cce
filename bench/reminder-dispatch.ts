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
import type { OutboxEntry } from '../emulator/openapi';
import { createSdkApp } from '../emulator/sdk';
import type { TDispatchOutput } from '../types/reminder';
import { startBenchCloud, type BenchResult } from './lib';

const BRANCHES = 5;
const PER_BRANCH = 1000;
const root = path.resolve(__dirname, '..');

interface Fired {
  durationMs: number;
  result: { ok: boolean; data: TDispatchOutput };
}

export default async function run(): Promise<BenchResult> {
  const lines: string[] = [];
  const goals: BenchResult['goals'] = [];
  const bench = await startBenchCloud('reminder', {
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
    ) as { timeout: number };
    const db = createSdkApp(cloud.url, cloud.envId).database();
    const now = Date.now();
    for (let b = 0; b < BRANCHES; b++) {
      const branchId = `b${b}`;
      await db
        .collection('branches')
        .add({ _id: branchId, name: `压测支部${b}`, college: '基础医学院', createdAt: now, updatedAt: now });
      const ids = Array.from({ length: PER_BRANCH }, (_, i) => `m${b}_${String(i).padStart(4, '0')}`);
      for (let i = 0; i < ids.length; i += 500) {
        const page = ids.slice(i, i + 500);
        await db.collection('members').add(
          page.map((id) => ({
            _id: id,
            branchId,
            name: `成员${id}`,
            staffNo: `S${id}`,
            phone: null,
            openid: `o_${id}`,
            status: 'active',
            roles: ['member'],
            boundAt: now - 86_400_000,
            createdAt: now,
            updatedAt: now,
          })),
        );
        await db.collection('credits').add(
          page.map((id) => ({
            _id: `${id}:meetingReminder`,
            memberId: id,
            templateKey: 'meetingReminder',
            count: 1,
            updatedAt: now,
          })),
        );
      }
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
      return (await res.json()) as Fired;
    };
    const outbox = async () =>
      ((await (await fetch(`${cloud.url}/__outbox`)).json()) as OutboxEntry[]).filter(
        (e) => e.apiName === 'subscribeMessage.send',
      );

    const t0 = performance.now();
    const first = await fire();
    const wall = performance.now() - t0;
    const sentBox = (await outbox()).filter((e) => e.result.errcode === 0);
    const inRun = sentBox.filter((e) => e.at >= now);
    const span =
      inRun.length > 1 ? Math.max(...inRun.map((e) => e.at)) - Math.min(...inRun.map((e) => e.at)) : 0;
    const second = await fire();
    const afterSecond = (await outbox()).filter((e) => e.result.errcode === 0).length;

    const rows = await db.collection('reminders').where({ activityId: 'a0' }).count();
    const left = await db.collection('credits').where({ templateKey: 'meetingReminder', count: 1 }).count();

    const perSec = (first.result.data.sent / first.durationMs) * 1000;
    lines.push(
      `${total} due reminders (${BRANCHES} branches × ${PER_BRANCH}), ${SEND_CONCURRENCY} in flight, budget ${DISPATCH_TIMEOUT_SEC}s − ${SAFETY_MARGIN_MS / 1000}s`,
      `first run: ${JSON.stringify(first.result.data)} in ${(first.durationMs / 1000).toFixed(1)} s (timer ${first.durationMs} ms, HTTP ${wall.toFixed(0)} ms)`,
      `outbox: ${sentBox.length} delivered; ${perSec.toFixed(0)} messages/s over the run (${((inRun.length / Math.max(1, span)) * 1000).toFixed(0)}/s between first and last send)`,
      `function timeout ${configured.timeout} s: run used ${((first.durationMs / 1000 / configured.timeout) * 100).toFixed(0)}%`,
      `second run: ${JSON.stringify(second.result.data)} in ${second.durationMs} ms; outbox delivered ${afterSecond}`,
      `db: reminder rows of a0 ${(rows as { total: number }).total}, credits still 1: ${(left as { total: number }).total}`,
    );
    goals.push(
      {
        name: 'all 5,000 delivered in one run',
        ok: first.result.data.sent === total && sentBox.length === total,
        value: `${first.result.data.sent} sent, ${first.result.data.deferred ?? 0} deferred`,
      },
      {
        name: 'run time within the configured function timeout',
        ok: first.durationMs < configured.timeout * 1000,
        value: `${(first.durationMs / 1000).toFixed(1)} s of ${configured.timeout} s`,
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
