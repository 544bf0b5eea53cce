/**
 * Action projects (issue 15), two measures in one run:
 *
 * 1. Claim burst: 500 members on 50 tasks of capacity 3 (10 members per task, in random order),
 *    50 claims in flight through the gateway (`POST /fn/project`), each batch followed by the same
 *    members calling `member.me` — both measured under the same load. Goal: exactly 150 claims,
 *    0 oversold (no task with more seat-holders than capacity, `taken` equal to its claims), p50
 *    claim ≤ 3× `member.me`.
 * 2. Idle timer over 10,000 open claims, 2,000 of them due at once (1,000 past half the idle limit →
 *    warned, 1,000 past the limit → auto-released; 500 of the warned hold a subscribe credit) — a
 *    timer running every 15 minutes meets far fewer; the other 8,000 are quiet and must cost nothing
 *    (the indexed `idleCheckAt` query never reads them): one run of `POST /__timers/project` must
 *    finish inside the function's 60 s timeout, a second run must do nothing (exactly once).
 */
import { newClaimDoc } from '../cloudfunctions/core/repos/project-claims';
import { LocalDatabase } from '../emulator/db/index';
import { createSdkApp } from '../emulator/sdk';
import type { Envelope } from '../types/envelope';
import type { TIdleTimerOutput } from '../types/project';
import { benchMember, fmt, seedBranch, startBenchCloud, stats, time, type BenchResult } from './lib';

const MEMBERS = 500;
const TASKS = 50;
const CAPACITY = 3;
const CONCURRENCY = 50;
const IDLE_CLAIMS = 10_000;
const DUE = 2_000;
const CREDITED = 500;
const DAY = 86_400_000;

/**
 * Database requests the local cloud (in this process) answers, by action, and the transactions that
 * ended in a write-write conflict: what a timer run costs independently of the machine's load.
 */
const dbCount: Record<string, number> = {};
const dbProto = LocalDatabase.prototype as unknown as {
  handle: (action: string, body: Record<string, unknown>) => Promise<Record<string, unknown>>;
};
const originalHandle = dbProto.handle;
dbProto.handle = async function (this: unknown, action: string, body: Record<string, unknown>) {
  const out = await originalHandle.call(this, action, body);
  const key = body?.transactionId && !/Transaction$/.test(action) ? `tx.${action}` : action;
  dbCount[key] = (dbCount[key] ?? 0) + 1;
  if (/CONFLICT/.test(String(out?.code ?? ''))) dbCount.conflicts = (dbCount.conflicts ?? 0) + 1;
  return out;
};
const countSince = (before: Record<string, number>) =>
  Object.fromEntries(
    Object.entries(dbCount)
      .map(([k, v]) => [k, v - (before[k] ?? 0)] as const)
      .filter(([, v]) => v > 0),
  );

function shuffle<T>(a: T[], seed = 7): T[] {
  let s = seed;
  const rnd = () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

export default async function run(): Promise<BenchResult> {
  const lines: string[] = [];
  const goals: BenchResult['goals'] = [];
  const bench = await startBenchCloud('project', {
    env: { APP_TEMPLATE_TASK_REMINDER: 'bench-task-reminder' },
  });
  const { cloud } = bench;
  try {
    const db = createSdkApp(cloud.url, cloud.envId).database();
    const now = Date.now();
    const call = bench.call;
    const ids = Array.from({ length: MEMBERS }, (_, i) => `m${String(i).padStart(4, '0')}`);
    await seedBranch(db, {
      now,
      members: [{ id: 'sec', roles: ['member', 'secretary'] }, { id: 'lead' }, ...ids.map((id) => ({ id }))],
    });

    // ---- 1. claim burst ------------------------------------------------------------------------
    const { id: projectId } = await bench.must<{ id: string }>(
      'project',
      'create',
      {
        branchId: 'b1',
        title: '压测攻坚项目',
        goal: '认领并发压测',
        dueAt: now + 30 * DAY,
        leaderMemberId: 'lead',
        openTo: 'branch',
      },
      'o_sec',
    );
    const taskIds: string[] = [];
    for (let t = 0; t < TASKS; t++)
      taskIds.push(
        (
          await bench.must<{ taskId: string }>(
            'project',
            'addTask',
            {
              projectId,
              title: `岗位${t + 1}`,
              duty: '压测岗位',
              capacity: CAPACITY,
              dueAt: now + 20 * DAY,
            },
            'o_lead',
          )
        ).taskId,
      );
    await bench.must('project', 'activate', { projectId }, 'o_lead');
    // warm the workers of both functions
    await Promise.all(ids.slice(0, 8).map((id) => call('member', 'me', {}, `o_${id}`)));
    await Promise.all(ids.slice(0, 4).map((id) => call('project', 'list', {}, `o_${id}`)));

    const order = shuffle(ids.map((id, i) => ({ id, task: taskIds[i % TASKS] })));
    const claim: number[] = [];
    const me: number[] = [];
    const codes: Record<string, number> = {};
    let wallMs = 0;
    for (let i = 0; i < order.length; i += CONCURRENCY) {
      const batch = order.slice(i, i + CONCURRENCY);
      const [wall] = await time(() =>
        Promise.all(
          batch.map(async ({ id, task }) => {
            const [dt, r] = await time(() => call('project', 'claim', { taskId: task }, `o_${id}`));
            claim.push(dt);
            const code = r.ok ? 'OK' : r.error.code;
            codes[code] = (codes[code] ?? 0) + 1;
          }),
        ),
      );
      wallMs += wall;
      await Promise.all(
        batch.map(async ({ id }) => {
          const [dt] = await time(() => call('member', 'me', {}, `o_${id}`));
          me.push(dt);
        }),
      );
    }
    const claims = (await db.collection('project_claims').where({ projectId }).limit(1000).get()).data as {
      taskId: string;
      status: string;
    }[];
    const seats = claims.filter((c) => ['pending', 'active', 'in_review', 'done'].includes(c.status));
    const perTask = new Map<string, number>();
    for (const c of seats) perTask.set(c.taskId, (perTask.get(c.taskId) ?? 0) + 1);
    const tasks = (await db.collection('project_tasks').where({ projectId }).limit(1000).get()).data as {
      _id: string;
      taken: number;
    }[];
    const oversold = [...perTask.values()].filter((n) => n > CAPACITY).length;
    const takenWrong = tasks.filter((t) => t.taken !== (perTask.get(t._id) ?? 0)).length;
    const c = stats(claim);
    const m = stats(me);
    const ratio = c.p50 / m.p50;
    lines.push(
      `claim burst: ${MEMBERS} members, ${TASKS} tasks × capacity ${CAPACITY}, ${CONCURRENCY} in flight, random order`,
    );
    lines.push(fmt('project.claim', c));
    lines.push(fmt('member.me (same members, same run)', m));
    lines.push(
      `answers ${JSON.stringify(codes)}; ${(MEMBERS / (wallMs / 1000)).toFixed(0)} claims/s (wall ${(wallMs / 1000).toFixed(2)} s)`,
    );
    lines.push(
      `database: ${seats.length} seat-holding claims, ${oversold} tasks oversold, ${takenWrong} tasks whose taken ≠ their claims`,
    );
    goals.push({
      name: 'exactly 150 claims, 0 oversold',
      ok:
        seats.length === TASKS * CAPACITY &&
        oversold === 0 &&
        takenWrong === 0 &&
        codes.OK === TASKS * CAPACITY &&
        codes.TASK_FULL === MEMBERS - TASKS * CAPACITY,
      value: `${seats.length} claims, ${oversold} oversold, ${codes.TASK_FULL ?? 0} TASK_FULL`,
    });
    goals.push({
      name: 'claim p50 ≤ 3× member.me p50 (same run)',
      ok: ratio <= 3,
      value: `${ratio.toFixed(2)}× (${c.p50.toFixed(1)} / ${m.p50.toFixed(1)} ms)`,
    });

    // ---- 2. idle timer over 10,000 open claims -------------------------------------------------
    const IDLE = 14 * DAY;
    const TASKS2 = IDLE_CLAIMS / 5;
    const t0 = Date.now();
    const taskDocs = Array.from({ length: TASKS2 }, (_, i) => ({
      _id: `it${i}`,
      projectId: 'idle-project',
      branchId: 'b1',
      projectStatus: 'active',
      openTo: 'branch',
      leaderMemberId: 'lead',
      title: `岗位${i}`,
      duty: '压测',
      capacity: 5,
      taken: 5,
      dueAt: t0 + 30 * DAY,
      requiresApproval: false,
      evidenceRequired: false,
      reviewerMemberId: null,
      overdueCheckAt: t0 + 30 * DAY + 1,
      overdueAt: null,
      createdBy: 'lead',
      createdAt: t0,
      updatedAt: t0,
    }));
    await db.collection('projects').add({
      _id: 'idle-project',
      branchId: 'b1',
      title: '定时器压测',
      goal: '-',
      category: null,
      startAt: null,
      dueAt: t0 + 30 * DAY,
      leaderMemberId: 'lead',
      openTo: 'branch',
      status: 'active',
      createdBy: 'sec',
      createdAt: t0,
      updatedAt: t0,
      activatedAt: t0,
      closedAt: null,
      closeReason: null,
    });
    for (let i = 0; i < taskDocs.length; i += 500)
      await db.collection('project_tasks').add(taskDocs.slice(i, i + 500));
    const claimDocs = Array.from({ length: IDLE_CLAIMS }, (_, i) => {
      // the first DUE: half past the limit, half past half of it; the rest claimed a day ago (quiet)
      const release = i % 2 === 0;
      const idleFrom = i >= DUE ? t0 - DAY - i : t0 - (release ? IDLE + 3600_000 : IDLE / 2 + 3600_000) - i;
      // the claim as the project function writes it when a member claims, at idleFrom
      return newClaimDoc(
        {
          taskId: `it${Math.floor(i / 5)}`,
          projectId: 'idle-project',
          branchId: 'b1',
          memberId: `im${i}`,
          memberBranchId: 'b1',
          status: 'active',
          round: 1,
          idleLimitMs: IDLE,
        },
        idleFrom,
      );
    });
    for (let i = 0; i < claimDocs.length; i += 500) {
      await db.collection('project_claims').add(claimDocs.slice(i, i + 500));
      await db
        .collection('claim_counters')
        .add(claimDocs.slice(i, i + 500).map((d) => ({ _id: d.memberId, open: 1, updatedAt: t0 })));
    }
    // CREDITED of the members to warn are reachable: a roster row and one credit each
    const reachable = claimDocs.filter((_, i) => i < DUE && i % 2 === 1).slice(0, CREDITED);
    for (let i = 0; i < reachable.length; i += 500) {
      const part = reachable.slice(i, i + 500);
      await db
        .collection('members')
        .add(part.map((d) => ({ ...benchMember(now, d.memberId), staffNo: `I${d.memberId}` })));
      await db.collection('credits').add(
        part.map((d) => ({
          _id: `${d.memberId}:taskReminder`,
          memberId: d.memberId,
          templateKey: 'taskReminder',
          count: 1,
          updatedAt: t0,
        })),
      );
    }
    const fire = async () => {
      const res = await fetch(`${cloud.url}/__timers/project?trigger=idle`, { method: 'POST' });
      const body = (await res.json()) as { durationMs: number; result: Envelope<TIdleTimerOutput> };
      if (!body.result) throw new Error(`timer answered HTTP ${res.status}: ${JSON.stringify(body)}`);
      if (!body.result.ok) throw new Error(JSON.stringify(body.result));
      return { ms: body.durationMs, out: body.result.data };
    };
    const before = { ...dbCount };
    const first = await fire();
    const firstDb = countSince(before);
    const second = await fire();
    const released = (
      await db
        .collection('project_claims')
        .where({ projectId: 'idle-project', status: 'auto_released' })
        .count()
    ).total as number;
    const sent = (
      (await (await fetch(`${cloud.url}/__outbox`)).json()) as {
        apiName: string;
        result: { errcode: number };
      }[]
    ).filter((e) => e.apiName === 'subscribeMessage.send' && e.result.errcode === 0).length;
    lines.push(
      `idle timer: ${IDLE_CLAIMS} open claims, ${DUE} due (${DUE / 2} to warn, ${DUE / 2} to release; ${CREDITED} hold a credit)`,
    );
    lines.push(
      `first run ${JSON.stringify(first.out)} in ${(first.ms / 1000).toFixed(1)} s of the 60 s timeout`,
    );
    const firstTotal = Object.entries(firstDb)
      .filter(([k]) => k !== 'conflicts')
      .reduce((a, [, v]) => a + v, 0);
    lines.push(
      `first run database requests: ${firstTotal} (${(firstTotal / DUE).toFixed(2)} per due claim), ${firstDb.conflicts ?? 0} conflicts; ${JSON.stringify(firstDb)}`,
    );
    lines.push(
      `second run ${JSON.stringify(second.out)} in ${(second.ms / 1000).toFixed(2)} s; database: ${released} auto_released; outbox: ${sent} messages`,
    );
    goals.push({
      name: 'idle timer over 10,000 open claims within one 60 s timeout, exactly once',
      ok:
        first.ms < 60_000 &&
        first.out.released === DUE / 2 &&
        first.out.warned === DUE / 2 &&
        first.out.deferred === 0 &&
        second.out.released === 0 &&
        second.out.warned === 0 &&
        released === DUE / 2 &&
        sent === CREDITED,
      value: `${(first.ms / 1000).toFixed(1)} s; released ${first.out.released}, warned ${first.out.warned} (messaged ${first.out.messaged}); rerun ${second.out.released + second.out.warned}`,
    });
    return { name: 'project', lines, goals };
  } finally {
    await bench.stop();
  }
}
