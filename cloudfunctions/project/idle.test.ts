import fs from 'node:fs';
import path from 'node:path';
import { useLocalCloud } from '../../testing/cloud';
import { allWhere } from '../../testing/fixtures';
import type { OutboxEntry } from '../../emulator/openapi';
import type {
  TClaimOutput,
  TIdleTimerOutput,
  TMyTasksOutput,
  TProjectQueueOutput,
} from '../../types/project';
import { BATCH, IDLE_TIMEOUT_SEC, lanesOf } from './actions/idle';
import { caller, code, DAY, docOf, ENV, historyOf, makeProject, ok, seedPeople } from './testkit/fixtures';

/**
 * The idle timer through the local cloud's clock: warned at half the idle limit (a subscribe
 * message through the credit ledger, or the leader's unreachable list), auto-released at the limit,
 * overdue tasks marked — each exactly once, even when two runs overlap.
 */
const cloud = useLocalCloud({
  env: { ...ENV, APP_TEMPLATE_MEETING_REMINDER: 't1', APP_TEMPLATE_MEETING_CANCELLED: 't2' },
});
const call = caller(cloud);
const MIN = 60_000;

const fire = async (): Promise<TIdleTimerOutput> => {
  const r = await cloud.fireTimer<{ ok: boolean; data: TIdleTimerOutput }>('project', 'idle');
  if (!r.result.ok) throw new Error(`idle timer failed: ${JSON.stringify(r.result)}`);
  return r.result.data;
};
const both = async () => {
  const [a, b] = await Promise.all([fire(), fire()]);
  return {
    warned: a.warned + b.warned,
    released: a.released + b.released,
    overdue: a.overdue + b.overdue,
    messaged: a.messaged + b.messaged,
  };
};
const taskSends = async () =>
  (await cloud.outbox()).filter(
    (e: OutboxEntry) =>
      e.apiName === 'subscribeMessage.send' &&
      (e.data as { template_id: string }).template_id === 'tpl-task-reminder',
  );

let T0 = 0;
let claims: Record<string, string> = {};
let tasks: string[] = [];
let overdueTask = '';

beforeAll(async () => {
  T0 = await cloud.clock.now();
  await seedPeople(cloud, T0 - 200 * DAY);
  const p = await makeProject(cloud, T0, {
    tasks: [
      { capacity: 1, dueAt: T0 + 40 * DAY },
      { capacity: 1, dueAt: T0 + 40 * DAY },
      { capacity: 1, dueAt: T0 + 40 * DAY },
      { capacity: 1, dueAt: T0 + 40 * DAY },
    ],
  });
  tasks = p.taskIds;
  overdueTask = (await makeProject(cloud, T0, { tasks: [{ capacity: 2, dueAt: T0 + 5 * DAY }] })).taskIds[0];
  // m1 accepted the task reminder once (the reminder function's ledger); m2, m3, m4 did not
  const sub = await cloud.call(
    'reminder',
    { action: 'subscribe', payload: { accepted: ['taskReminder'] } },
    'o_m1',
  );
  expect(sub.ok).toBe(true);
  for (const [i, who] of ['m1', 'm2', 'm3', 'm4'].entries())
    claims[who] = (await ok(call<TClaimOutput>('claim', { taskId: tasks[i] }, `o_${who}`))).claimId;
});

afterAll(() => {
  claims = {};
});

test('the function timeout in config.json is the one the timer budgets for', () => {
  const cfg = JSON.parse(fs.readFileSync(path.join(__dirname, 'config.json'), 'utf8'));
  expect(cfg.timeout).toBe(IDLE_TIMEOUT_SEC);
  expect(cfg.triggers).toEqual([{ name: 'idle', type: 'timer', config: '0 */15 * * * * *' }]);
});

test('batches hold whole tasks: no two batches in flight write the same task document', () => {
  const page = [
    ...Array.from({ length: 3 }, (_, i) => ({ _id: `a${i}`, taskId: 'A' })),
    ...Array.from({ length: BATCH + 2 }, (_, i) => ({ _id: `b${i}`, taskId: 'B' })),
    ...Array.from({ length: BATCH - 3 }, (_, i) => ({ _id: `c${i}`, taskId: 'C' })),
    { _id: 'a3', taskId: 'A' },
    { _id: 'd0', taskId: 'D' },
  ];
  const lanes = lanesOf(page);
  // every claim exactly once
  expect(lanes.flat(2).sort()).toEqual(page.map((c) => c._id).sort());
  const task = new Map(page.map((c) => [c._id, c.taskId]));
  const laneOfTask = new Map<string, number>();
  lanes.forEach((lane, i) => {
    for (const b of lane) {
      expect(b.length).toBeLessThanOrEqual(BATCH);
      for (const id of b) {
        const t = task.get(id)!;
        // a task's claims all sit in one lane (its batches run one after another)
        expect(laneOfTask.get(t) ?? i).toBe(i);
        laneOfTask.set(t, i);
      }
    }
  });
  // the big task has a lane of its own, cut into two batches
  const big = lanes.find((l) => l.flat().includes('b0'))!;
  expect(big.map((b) => b.length)).toEqual([BATCH, 2]);
  expect(big.flat().every((id) => task.get(id) === 'B')).toBe(true);
});

test('nothing happens before half the idle limit; progress restarts the clock', async () => {
  await cloud.clock.advance(3 * DAY);
  await ok(call('progress', { claimId: claims.m3, note: '完成第一轮排查' }, 'o_m3'));
  await cloud.clock.advance(4 * DAY - 10 * MIN);
  expect(await fire()).toMatchObject({ warned: 0, released: 0 });
  expect(await taskSends()).toHaveLength(0);
});

test('at half the limit: one message to the member with a credit, the other on the unreachable list — once, even with two runs at once', async () => {
  await cloud.clock.advance(11 * MIN); // 7 days + 1 min after the claims
  const r = await both();
  expect(r).toMatchObject({ warned: 3, released: 0, messaged: 1 });
  const sent = await taskSends();
  expect(sent).toHaveLength(1);
  expect(sent[0].data).toMatchObject({
    touser: 'o_m1',
    page: `project/pages/claim/index?id=${encodeURIComponent(claims.m1)}`,
  });
  expect((await docOf(cloud, 'credits', 'm1:taskReminder'))?.count).toBe(0);
  expect(await docOf(cloud, 'project_claims', claims.m1)).toMatchObject({
    warnChannel: 'message',
    status: 'active',
  });
  expect(await docOf(cloud, 'project_claims', claims.m2)).toMatchObject({ warnChannel: 'unreachable' });
  expect((await docOf(cloud, 'project_claims', claims.m3))?.warnedAt).toBeNull();
  for (const who of ['m1', 'm2', 'm4'])
    expect((await historyOf(cloud, claims[who])).filter((h) => h.action === 'warned')).toHaveLength(1);
  const q = await ok(call<TProjectQueueOutput>('queue', {}, 'o_lead'));
  expect(q.unreachable.map((u) => u.memberId).sort()).toEqual(['m2', 'm4']);
  // the member sees when the claim will be released
  const mine = await ok(call<TMyTasksOutput>('myTasks', {}, 'o_m2'));
  expect(mine[0]).toMatchObject({
    claimId: claims.m2,
    warnedAt: expect.any(Number),
    releaseAt: expect.any(Number),
  });
  // a second pair of runs sends nothing more
  expect(await both()).toMatchObject({ warned: 0, released: 0 });
  expect(await taskSends()).toHaveLength(1);
});

test('overdue tasks are marked once', async () => {
  const t = await docOf(cloud, 'project_tasks', overdueTask);
  expect(t?.overdueAt).toEqual(expect.any(Number));
  expect(t?.overdueCheckAt).toBeNull();
  const audit = await allWhere(cloud, 'audit', { targetId: overdueTask });
  expect(audit.filter((a) => a.action === 'project.overdue')).toHaveLength(1);
  expect(await code(call('claim', { taskId: overdueTask }, 'o_m5'))).toBe('TASK_OVERDUE');
});

test('at the limit: auto-released exactly once with two overlapping runs; the seat reopens', async () => {
  await cloud.clock.advance(7 * DAY); // 14 days + 1 min
  const r = await both();
  expect(r.released).toBe(3); // m1, m2, m4; m3 posted progress on day 3
  for (const who of ['m1', 'm2', 'm4']) {
    expect(await docOf(cloud, 'project_claims', claims[who])).toMatchObject({
      status: 'auto_released',
      idleCheckAt: null,
    });
    const h = await historyOf(cloud, claims[who]);
    expect(h.map((e) => e.action)).toEqual(['claimed', 'warned', 'auto_released']);
    expect(h[2]).toMatchObject({ by: 'system', reason: '连续14天未更新进展，系统自动释放' });
    expect((await docOf(cloud, 'claim_counters', who))?.open).toBe(0);
  }
  for (const i of [0, 1, 3]) expect((await docOf(cloud, 'project_tasks', tasks[i]))?.taken).toBe(0);
  expect((await docOf(cloud, 'project_tasks', tasks[2]))?.taken).toBe(1);
  expect((await docOf(cloud, 'project_claims', claims.m3))?.warnedAt).toEqual(expect.any(Number));
  expect(await both()).toMatchObject({ released: 0, warned: 0 });
  // the seat is open again
  expect((await ok(call<TClaimOutput>('claim', { taskId: tasks[0] }, 'o_m5'))).status).toBe('active');
  // the member who was released may claim again too (a new round)
  expect(await code(call('claim', { taskId: tasks[1] }, 'o_m2'))).toBe('OK');
  expect((await docOf(cloud, 'project_claims', claims.m2))?.round).toBe(2);
});

test('the timer is for the platform only', async () => {
  const r = await cloud.call('project', { Type: 'Timer', TriggerName: 'idle' }, 'o_m1');
  expect(r).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
});
