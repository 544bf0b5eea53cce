import { useLocalCloud } from '../../testing/cloud';
import type {
  TGetProjectOutput,
  TIdleTimerOutput,
  TListProjectsOutput,
  TMyTasksOutput,
  TOverviewOutput,
  TProjectQueueOutput,
} from '../../types/project';
import { TASK_STATES } from '../../types/enums';
import { PROJECT_IDS } from './projects';

/** The demo's action projects, read back through the `project` function as the demo identities. */
const cloud = useLocalCloud({ seed: true, env: { APP_ADMIN_OPENIDS: 'demo-admin' } });

async function data<T>(action: string, payload: unknown, who: string): Promise<T> {
  const r = await cloud.call<T>('project', { action, payload }, who);
  if (!r.ok) throw new Error(`${action}: ${JSON.stringify(r.error)}`);
  return r.data;
}

test('three active projects in three branches, one open to all; a member of another branch sees only that one', async () => {
  const all = (await data<TListProjectsOutput>('list', {}, 'demo-admin')).items;
  const seeded = all.filter((p) => Object.values(PROJECT_IDS).includes(p.id as never));
  expect(seeded).toHaveLength(3);
  expect(new Set(seeded.map((p) => p.branchId)).size).toBe(3);
  expect(seeded.filter((p) => p.openTo === 'all')).toHaveLength(1);
  const other = (await data<TListProjectsOutput>('list', {}, 'demo-m-40')).items;
  expect(other.map((p) => p.id)).toContain(PROJECT_IDS.yizhen);
  expect(other.map((p) => p.id)).not.toContain(PROJECT_IDS.neike);
});

test('the boards show every task state; the leader has claims and results to decide', async () => {
  const states = new Set<string>();
  for (const id of Object.values(PROJECT_IDS)) {
    const b = await data<TGetProjectOutput>('get', { projectId: id }, 'demo-admin');
    for (const t of b.taskList) states.add(t.state);
  }
  expect([...states].sort()).toEqual([...TASK_STATES].sort());
  const neike = await data<TGetProjectOutput>('get', { projectId: PROJECT_IDS.neike }, 'demo-sec-1');
  const leader = neike.leaderMemberId;
  const leaderOpenid = (await cloud.db().collection('members').doc(leader).get()).data[0].openid as string;
  const q = await data<TProjectQueueOutput>('queue', {}, leaderOpenid);
  expect(q.items.map((i) => i.kind).sort()).toEqual(['claim', 'result']);
  expect(q.unreachable).toHaveLength(1);
  const mine = await data<TMyTasksOutput>('myTasks', {}, leaderOpenid);
  expect(mine.some((t) => t.projectId === PROJECT_IDS.yizhen)).toBe(true);
  const ov = (await data<TOverviewOutput>('overview', {}, 'demo-admin')).rows;
  expect(ov.filter((r) => r.projects > 0)).toHaveLength(3);
  expect(ov.find((r) => r.branchId === 'br-neike')).toMatchObject({ overdue: 1, done: 1, silentClaims: 1 });
});

test('one claim is released by the idle timer about 20 minutes after the seed, exactly once', async () => {
  const before = await cloud.fireTimer<{ ok: true; data: TIdleTimerOutput }>('project', 'idle');
  expect(before.result.data.released).toBe(0);
  expect(before.result.data.overdue).toBe(1);
  await cloud.clock.advance(21 * 60_000);
  const after = await cloud.fireTimer<{ ok: true; data: TIdleTimerOutput }>('project', 'idle');
  expect(after.result.data).toMatchObject({ released: 1, overdue: 0 });
  const again = await cloud.fireTimer<{ ok: true; data: TIdleTimerOutput }>('project', 'idle');
  expect(again.result.data.released).toBe(0);
  const res = await cloud.db().collection('project_claims').where({ taskId: 'tsk-nk-silent' }).get();
  expect(res.data.map((c: { status: string }) => c.status)).toEqual(['auto_released']);
});
