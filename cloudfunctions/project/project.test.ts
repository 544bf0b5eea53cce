import { useLocalCloud } from '../../testing/cloud';
import { allWhere, memberDoc } from '../../testing/fixtures';
import type {
  TClaimOutput,
  TGetClaimOutput,
  TGetProjectOutput,
  TListProjectsOutput,
  TMyTasksOutput,
  TProjectQueueOutput,
} from '../../types/project';
import {
  caller,
  code,
  DAY,
  docOf,
  ENV,
  historyOf,
  makeProject,
  ok,
  seedPeople,
  uploadPhoto,
} from './testkit/fixtures';

/**
 * project end to end: gateway → bundled function → real SDK → local cloud (strict indexes). Every
 * answer is checked together with what the database holds afterwards.
 */
const cloud = useLocalCloud({ env: ENV });
const call = caller(cloud);
const T0 = Date.now();
const BURST = Array.from({ length: 50 }, (_, i) => `p${String(i).padStart(2, '0')}`);

beforeAll(async () => {
  await seedPeople(cloud, T0, BURST);
});

const claimOf = (taskId: string, who: string) => call<TClaimOutput>('claim', { taskId }, `o_${who}`);
const seats = async (taskId: string) =>
  (await allWhere(cloud, 'project_claims', { taskId })).filter((c) =>
    ['pending', 'active', 'in_review', 'done'].includes(c.status as string),
  );

describe('projects', () => {
  it('a secretary creates a draft; members do not see it; activating needs a task', async () => {
    const { id } = await ok(
      call<{ id: string; status: string }>(
        'create',
        {
          branchId: 'b1',
          title: '教研室教学改革',
          goal: '完成课程思政示范课建设',
          dueAt: T0 + 30 * DAY,
          leaderMemberId: 'lead',
        },
        'o_sec',
      ),
    );
    expect(await docOf(cloud, 'projects', id)).toMatchObject({
      status: 'draft',
      openTo: 'branch',
      leaderMemberId: 'lead',
    });
    expect(await code(call('get', { projectId: id }, 'o_m1'))).toBe('FORBIDDEN');
    expect((await ok(call<TListProjectsOutput>('list', {}, 'o_m1'))).items.map((p) => p.id)).not.toContain(
      id,
    );
    expect((await ok(call<TListProjectsOutput>('list', {}, 'o_lead'))).items.map((p) => p.id)).toContain(id);
    expect(await code(call('activate', { projectId: id }, 'o_lead'))).toBe('PROJECT_HAS_NO_TASKS');
    expect((await docOf(cloud, 'projects', id))?.status).toBe('draft');
  });

  it('refuses a leader who is not an active member of the branch (MEMBER_NOT_IN_BRANCH), writing nothing', async () => {
    const before = (await allWhere(cloud, 'projects', { branchId: 'b1' })).length;
    for (const leaderMemberId of ['x', 'pend', 'nobody'])
      expect(
        await code(
          call('create', { branchId: 'b1', title: 't', goal: 'g', dueAt: T0 + DAY, leaderMemberId }, 'o_sec'),
        ),
      ).toBe('MEMBER_NOT_IN_BRANCH');
    expect((await allWhere(cloud, 'projects', { branchId: 'b1' })).length).toBe(before);
  });

  it('claiming in a draft or closed project answers PROJECT_NOT_ACTIVE; a closed project is read-only', async () => {
    const { projectId, taskIds } = await makeProject(cloud, T0, {
      activate: false,
      tasks: [{ capacity: 2 }],
    });
    expect(await code(claimOf(taskIds[0], 'm1'))).toBe('PROJECT_NOT_ACTIVE');
    await ok(call('activate', { projectId }, 'o_lead'));
    const c = await ok(claimOf(taskIds[0], 'm1'));
    const closed = await ok(
      call<{ status: string; releasedClaims: number }>('close', { projectId, reason: '提前完成' }, 'o_sec'),
    );
    expect(closed).toEqual({ status: 'closed', releasedClaims: 1 });
    expect(await docOf(cloud, 'project_claims', c.claimId)).toMatchObject({
      status: 'released',
      endReason: '项目结束：提前完成',
    });
    expect((await docOf(cloud, 'project_tasks', taskIds[0]))?.taken).toBe(0);
    expect((await docOf(cloud, 'claim_counters', 'm1'))?.open).toBe(0);
    expect(await code(claimOf(taskIds[0], 'm2'))).toBe('PROJECT_NOT_ACTIVE');
    expect(
      await code(
        call('addTask', { projectId, title: 't', duty: 'd', capacity: 1, dueAt: T0 + DAY }, 'o_lead'),
      ),
    ).toBe('PROJECT_CLOSED');
    expect(await code(call('updateTask', { taskId: taskIds[0], title: '新标题' }, 'o_lead'))).toBe(
      'PROJECT_CLOSED',
    );
    expect(await code(call('activate', { projectId }, 'o_lead'))).toBe('PROJECT_CLOSED');
    // history kept
    expect((await historyOf(cloud, c.claimId)).map((h) => h.action)).toEqual(['claimed', 'released']);
  });

  it('refuses to close while a result waits for review (CLAIMS_IN_REVIEW)', async () => {
    const { projectId, taskIds } = await makeProject(cloud, T0);
    const c = await ok(claimOf(taskIds[0], 'm2'));
    await ok(call('submit', { claimId: c.claimId, result: '已完成排查' }, 'o_m2'));
    expect(await code(call('close', { projectId }, 'o_lead'))).toBe('CLAIMS_IN_REVIEW');
    expect((await docOf(cloud, 'projects', projectId))?.status).toBe('active');
    await ok(call('reviewResult', { claimId: c.claimId, decision: 'accept', rating: 'good' }, 'o_lead'));
    expect((await ok(call<{ status: string }>('close', { projectId }, 'o_lead'))).status).toBe('closed');
  });
});

describe('claiming', () => {
  it('50 members at once on a task of capacity 3: exactly 3 claims, 47 TASK_FULL', async () => {
    const { taskIds } = await makeProject(cloud, T0, { tasks: [{ capacity: 3 }] });
    const answers = await Promise.all(BURST.map((who) => claimOf(taskIds[0], who)));
    const codes = answers.map((a) => (a.ok ? 'OK' : a.error.code));
    expect(codes.filter((c) => c === 'OK')).toHaveLength(3);
    expect(codes.filter((c) => c === 'TASK_FULL')).toHaveLength(47);
    expect(await seats(taskIds[0])).toHaveLength(3);
    expect((await docOf(cloud, 'project_tasks', taskIds[0]))?.taken).toBe(3);
    const winners = answers.flatMap((a, i) => (a.ok ? [BURST[i]] : []));
    for (const w of winners) expect((await docOf(cloud, 'claim_counters', w))?.open).toBe(1);
    for (const w of winners)
      expect((await historyOf(cloud, `${taskIds[0]}:${w}`)).map((h) => h.action)).toEqual(['claimed']);
  });

  it('claiming again answers the same claim and writes nothing', async () => {
    const { taskIds } = await makeProject(cloud, T0, { tasks: [{ capacity: 2 }] });
    const a = await ok(claimOf(taskIds[0], 'm3'));
    const again = await Promise.all([claimOf(taskIds[0], 'm3'), claimOf(taskIds[0], 'm3')]);
    for (const r of again)
      expect(r).toEqual({ ok: true, data: { claimId: a.claimId, status: 'active', duplicate: true } });
    expect(await seats(taskIds[0])).toHaveLength(1);
    expect((await docOf(cloud, 'project_tasks', taskIds[0]))?.taken).toBe(1);
    expect((await historyOf(cloud, a.claimId)).length).toBe(1);
  });

  it('holds the per-member cap (3 by default, per branch) even when one member claims five tasks at once', async () => {
    const db = cloud.db();
    await db.collection('members').add(memberDoc(T0, 'capper', 'b1'));
    const { taskIds } = await makeProject(cloud, T0, {
      tasks: Array.from({ length: 5 }, () => ({ capacity: 2 })),
    });
    const answers = await Promise.all(taskIds.map((t) => claimOf(t, 'capper')));
    const codes = answers.map((a) => (a.ok ? 'OK' : a.error.code));
    expect(codes.filter((c) => c === 'OK')).toHaveLength(3);
    expect(codes.filter((c) => c === 'CLAIM_LIMIT')).toHaveLength(2);
    expect((await docOf(cloud, 'claim_counters', 'capper'))?.open).toBe(3);
    expect((await allWhere(cloud, 'project_claims', { memberId: 'capper' })).length).toBe(3);
    // the branch raises its cap to 4: one more
    await ok(call('settings', { branchId: 'b1', claimLimit: 4 }, 'o_sec'));
    const free = taskIds.filter((_, i) => !answers[i].ok);
    expect((await ok(claimOf(free[0], 'capper'))).status).toBe('active');
    expect(await code(claimOf(free[1], 'capper'))).toBe('CLAIM_LIMIT');
    await ok(call('settings', { branchId: 'b1', claimLimit: 3 }, 'o_sec'));
  });

  it('a pending claim holds its seat; rejecting frees it; release frees a seat with the reason in history', async () => {
    const { taskIds } = await makeProject(cloud, T0, { tasks: [{ capacity: 1, requiresApproval: true }] });
    const a = await ok(claimOf(taskIds[0], 'm4'));
    expect(a.status).toBe('pending');
    expect(await code(claimOf(taskIds[0], 'm5'))).toBe('TASK_FULL');
    expect(await code(call('reviewClaim', { claimId: a.claimId, decision: 'reject' }, 'o_lead'))).toBe(
      'INVALID_ARGUMENT',
    );
    await ok(
      call(
        'reviewClaim',
        { claimId: a.claimId, decision: 'reject', reason: '岗位需要有实验室经验' },
        'o_lead',
      ),
    );
    const b = await ok(claimOf(taskIds[0], 'm5'));
    expect(b.status).toBe('pending');
    expect(
      (
        await ok(
          call<{ status: string }>('reviewClaim', { claimId: b.claimId, decision: 'approve' }, 'o_sec'),
        )
      ).status,
    ).toBe('active');
    await ok(call('release', { claimId: b.claimId, reason: '临时外派' }, 'o_m5'));
    expect(await seats(taskIds[0])).toHaveLength(0);
    expect((await docOf(cloud, 'project_tasks', taskIds[0]))?.taken).toBe(0);
    const h = await historyOf(cloud, b.claimId);
    expect(h.map((e) => [e.action, e.by, e.reason ?? null])).toEqual([
      ['claimed', 'm5', null],
      ['approved', 'sec', null],
      ['released', 'm5', '临时外派'],
    ]);
    // the seat reopened: m4 (rejected before) may claim again, a new round of the same claim
    const again = await ok(claimOf(taskIds[0], 'm4'));
    expect(again.claimId).toBe(a.claimId);
    expect((await docOf(cloud, 'project_claims', a.claimId))?.round).toBe(2);
    expect((await historyOf(cloud, a.claimId)).map((e) => e.action)).toEqual([
      'claimed',
      'rejected',
      'claimed',
    ]);
  });

  it('refuses a task past its due instant (TASK_OVERDUE)', async () => {
    const { taskIds } = await makeProject(cloud, T0, { tasks: [{ dueAt: Date.now() - 1000 }] });
    expect(await code(claimOf(taskIds[0], 'm6'))).toBe('TASK_OVERDUE');
    expect(await seats(taskIds[0])).toHaveLength(0);
  });

  it('openTo: branch-only refuses another branch (FORBIDDEN); all lets any active member claim', async () => {
    const own = await makeProject(cloud, T0, { tasks: [{ capacity: 2 }] });
    expect(await code(claimOf(own.taskIds[0], 'x'))).toBe('FORBIDDEN');
    const cross = await makeProject(cloud, T0, { openTo: 'all', tasks: [{ capacity: 2 }] });
    const c = await ok(claimOf(cross.taskIds[0], 'x'));
    expect(await docOf(cloud, 'project_claims', c.claimId)).toMatchObject({
      memberBranchId: 'b2',
      branchId: 'b1',
    });
    const listed = (await ok(call<TListProjectsOutput>('list', {}, 'o_y'))).items;
    expect(listed.map((p) => p.id)).toContain(cross.projectId);
    expect(listed.map((p) => p.id)).not.toContain(own.projectId);
  });
});

describe('progress, results and review', () => {
  it('the whole path: claim → progress with a photo → submit → return → submit → accept, every step in history', async () => {
    const { projectId, taskIds } = await makeProject(cloud, T0, {
      tasks: [{ capacity: 1, evidenceRequired: true, reviewerMemberId: 'rev' }],
    });
    const { claimId } = await ok(claimOf(taskIds[0], 'm6'));
    const photo = await uploadPhoto(cloud, claimId, 'o_m6');
    const { at } = await ok(
      call<{ at: number }>(
        'progress',
        { claimId, note: '已完成三楼实验室排查', evidenceFileIds: [photo] },
        'o_m6',
      ),
    );
    expect(await docOf(cloud, 'project_claims', claimId)).toMatchObject({
      lastProgressAt: at,
      idleFrom: at,
      warnedAt: null,
    });
    expect(await code(call('submit', { claimId, result: '整改完成' }, 'o_m6'))).toBe('EVIDENCE_REQUIRED');
    // another member's upload is not evidence of this claim
    const other = await ok(claimOf((await makeProject(cloud, T0)).taskIds[0], 'm1'));
    const foreign = await uploadPhoto(cloud, other.claimId, 'o_m1');
    expect(
      await code(call('submit', { claimId, result: '整改完成', evidenceFileIds: [foreign] }, 'o_m6')),
    ).toBe('EVIDENCE_NOT_YOURS');
    expect((await docOf(cloud, 'project_claims', claimId))?.status).toBe('active');

    const photo2 = await uploadPhoto(cloud, claimId, 'o_m6');
    await ok(call('submit', { claimId, result: '整改完成，附照片', evidenceFileIds: [photo2] }, 'o_m6'));
    const q = await ok(call<TProjectQueueOutput>('queue', { projectId }, 'o_rev'));
    expect(q.items.map((i) => [i.claimId, i.kind])).toEqual([[claimId, 'result']]);
    expect(q.items[0].evidence[0].url).toMatch(/^http/);
    expect(await code(call('progress', { claimId, note: '补充' }, 'o_m6'))).toBe('INVALID_TRANSITION');
    await ok(call('reviewResult', { claimId, decision: 'return', reason: '缺少二楼的整改记录' }, 'o_rev'));
    expect(await docOf(cloud, 'project_claims', claimId)).toMatchObject({
      status: 'active',
      returnReason: '缺少二楼的整改记录',
    });
    const photo3 = await uploadPhoto(cloud, claimId, 'o_m6');
    await ok(call('submit', { claimId, result: '补齐二楼记录', evidenceFileIds: [photo3] }, 'o_m6'));
    expect(
      (
        await ok(
          call<{ status: string }>(
            'reviewResult',
            { claimId, decision: 'accept', rating: 'excellent' },
            'o_rev',
          ),
        )
      ).status,
    ).toBe('done');

    const h = await historyOf(cloud, claimId);
    expect(h.map((e) => e.action)).toEqual([
      'claimed',
      'progress',
      'submitted',
      'returned',
      'submitted',
      'accepted',
    ]);
    expect(h[1]).toMatchObject({ by: 'm6', note: '已完成三楼实验室排查', evidenceFileIds: [photo] });
    expect(h[3]).toMatchObject({ by: 'rev', reason: '缺少二楼的整改记录' });
    expect(h[5]).toMatchObject({ by: 'rev', rating: 'excellent' });
    expect(await docOf(cloud, 'project_claims', claimId)).toMatchObject({
      status: 'done',
      rating: 'excellent',
      idleCheckAt: null,
    });
    expect((await docOf(cloud, 'claim_counters', 'm6'))?.open).toBe(0);
    expect((await docOf(cloud, 'project_tasks', taskIds[0]))?.taken).toBe(1);

    const board = await ok(call<TGetProjectOutput>('get', { projectId }, 'o_m2'));
    expect(board.taskList[0]).toMatchObject({
      state: 'done',
      taken: 1,
      holders: [{ memberId: 'm6', status: 'done', rating: 'excellent' }],
    });
    expect(board.done).toBe(1);
    const detail = await ok(call<TGetClaimOutput>('getClaim', { claimId }, 'o_m6'));
    expect(detail.history.map((e) => e.action)).toHaveLength(6);
    expect(detail.history[1].evidence?.[0].url).toMatch(/^http/);
    const mine = await ok(call<TMyTasksOutput>('myTasks', {}, 'o_m6'));
    expect(mine.find((t) => t.claimId === claimId)).toMatchObject({
      status: 'done',
      rating: 'excellent',
      waitingOn: null,
    });
  });

  it('REVIEWER_IS_CLAIMER: the leader who claims a task cannot accept it; the secretary can', async () => {
    const { taskIds } = await makeProject(cloud, T0);
    const { claimId } = await ok(claimOf(taskIds[0], 'lead'));
    await ok(call('submit', { claimId, result: '完成' }, 'o_lead'));
    expect(await code(call('reviewResult', { claimId, decision: 'accept', rating: 'good' }, 'o_lead'))).toBe(
      'REVIEWER_IS_CLAIMER',
    );
    expect((await docOf(cloud, 'project_claims', claimId))?.status).toBe('in_review');
    await ok(call('reviewResult', { claimId, decision: 'accept', rating: 'good' }, 'o_sec'));
    expect((await docOf(cloud, 'project_claims', claimId))?.status).toBe('done');
  });

  it('updateTask: capacity never below the seats held (CAPACITY_BELOW_TAKEN)', async () => {
    const { taskIds } = await makeProject(cloud, T0, { tasks: [{ capacity: 3 }] });
    await ok(claimOf(taskIds[0], 'm2'));
    await ok(claimOf(taskIds[0], 'm3'));
    expect(await code(call('updateTask', { taskId: taskIds[0], capacity: 1 }, 'o_lead'))).toBe(
      'CAPACITY_BELOW_TAKEN',
    );
    await ok(call('updateTask', { taskId: taskIds[0], capacity: 2, title: '改名后的岗位' }, 'o_lead'));
    expect(await docOf(cloud, 'project_tasks', taskIds[0])).toMatchObject({
      capacity: 2,
      title: '改名后的岗位',
    });
    expect(await code(claimOf(taskIds[0], 'm4'))).toBe('TASK_FULL');
  });
});
