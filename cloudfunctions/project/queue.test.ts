import { useLocalCloud } from '../../testing/cloud';
import { addInPages } from '../../testing/fixtures';
import type { TClaimOutput, TProjectQueueItem, TProjectQueueOutput } from '../../types/project';
import { caller, code, DAY, docOf, ENV, makeProject, ok, seedPeople, uploadPhoto } from './testkit/fixtures';

/**
 * The queue at university scale (issue 17): an admin's queue reads the claims waiting for a decision
 * through their indexes, a page at a time — its database requests do not grow with the number of
 * projects (1 project vs 1,201), and paging through more than 1,000 waiting claims answers every one
 * exactly once, the longest waiting first (the 1,000-document cut of a `get()` cannot truncate it).
 */
const cloud = useLocalCloud({ env: ENV });
const call = caller(cloud);
const T0 = Date.now();
const MIN = 60_000;

const BULK = 1200; // projects, each with one task and one waiting claim
const TIED = 150; // of them claimed in the same millisecond (ties across page boundaries)
const RESULTS = 100; // of them in review instead of pending
const SILENT = 30; // more claims: active, warned, unreachable

type Doc = Record<string, unknown>;
const queue = (payload: object, who = 'o_admin') => call<TProjectQueueOutput>('queue', payload, who);
const counted = async (payload: object, who = 'o_admin') => {
  const r = await cloud.callCounted<TProjectQueueOutput>('project', { action: 'queue', payload }, who);
  if (!r.result.ok) throw new Error(JSON.stringify(r.result.error));
  return { data: r.result.data, dbRequests: r.dbRequests };
};

/** Every item of the queue, page by page (`limit` each), checking each page's cursor. */
async function drain(payload: object, limit: number, who = 'o_admin') {
  const items: TProjectQueueItem[] = [];
  let cursor: string | undefined;
  let pages = 0;
  for (;;) {
    const page = await ok(queue({ ...payload, limit, ...(cursor ? { cursor } : {}) }, who));
    pages++;
    expect(page.items.length).toBeLessThanOrEqual(limit);
    items.push(...page.items);
    if (!page.nextCursor) return { items, pages, last: page };
    expect(page.items).toHaveLength(limit);
    cursor = page.nextCursor;
  }
}

let small: { claim: string; result: string; other: string };
let firstRequests = 0;

beforeAll(async () => {
  await seedPeople(cloud, T0);
  // the real flow: a pending claim and a result with a photo in b1, a pending claim in b2
  const { taskIds } = await makeProject(cloud, T0, {
    tasks: [{ title: '实验室排查', requiresApproval: true }, { title: '整改记录' }],
  });
  const pending = await ok(call<TClaimOutput>('claim', { taskId: taskIds[0] }, 'o_m1'));
  const active = await ok(call<TClaimOutput>('claim', { taskId: taskIds[1] }, 'o_m2'));
  const photo = await uploadPhoto(cloud, active.claimId, 'o_m2');
  await ok(call('submit', { claimId: active.claimId, result: '已整改', evidenceFileIds: [photo] }, 'o_m2'));
  const { id: p2 } = await ok(
    call<{ id: string }>(
      'create',
      { branchId: 'b2', title: '社区义诊', goal: '每月一次', dueAt: T0 + 60 * DAY, leaderMemberId: 'sec2' },
      'o_sec2',
    ),
  );
  const { taskId: t2 } = await ok(
    call<{ taskId: string }>(
      'addTask',
      {
        projectId: p2,
        title: '义诊登记',
        duty: '登记就诊居民',
        capacity: 2,
        dueAt: T0 + 30 * DAY,
        requiresApproval: true,
      },
      'o_sec2',
    ),
  );
  await ok(call('activate', { projectId: p2 }, 'o_sec2'));
  const other = await ok(call<TClaimOutput>('claim', { taskId: t2 }, 'o_x'));
  small = { claim: pending.claimId, result: active.claimId, other: other.claimId };
  firstRequests = (await counted({})).dbRequests;
});

test('the admin sees the whole university’s queue, the longest waiting first; a branch on its own', async () => {
  const q = await ok(queue({}));
  expect(q.items.map((i) => [i.claimId, i.kind])).toEqual([
    [small.claim, 'claim'],
    [small.result, 'result'],
    [small.other, 'claim'],
  ]);
  expect(q.items[1].evidence[0].url).toMatch(/^http/);
  expect(q).toMatchObject({ nextCursor: null, totals: { claims: 2, results: 1, unreachable: 0 } });
  const b2 = await ok(queue({ branchId: 'b2' }));
  expect(b2.items.map((i) => i.claimId)).toEqual([small.other]);
  expect(b2.totals).toEqual({ claims: 1, results: 0, unreachable: 0 });
  // the leaders' own queues are unchanged: each sees their project's
  expect((await ok(queue({}, 'o_lead'))).items.map((i) => i.claimId)).toEqual([small.claim, small.result]);
  expect((await ok(queue({}, 'o_sec2'))).items.map((i) => i.claimId)).toEqual([small.other]);
  // a member who manages nothing has an empty queue
  expect(await ok(queue({}, 'o_m3'))).toEqual({
    items: [],
    unreachable: [],
    nextCursor: null,
    totals: { claims: 0, results: 0, unreachable: 0 },
  });
});

test('a leader’s queue pages too', async () => {
  const first = await ok(queue({ limit: 1 }, 'o_lead'));
  expect(first.items.map((i) => i.claimId)).toEqual([small.claim]);
  expect(first.totals).toEqual({ claims: 1, results: 1, unreachable: 0 });
  const second = await ok(queue({ limit: 1, cursor: first.nextCursor! }, 'o_lead'));
  expect(second.items.map((i) => i.claimId)).toEqual([small.result]);
  expect(second.nextCursor).toBeNull();
});

test('bad paging input is refused naming the field', async () => {
  for (const [payload, field] of [
    [{ cursor: 'nope' }, 'payload.cursor'],
    [{ cursor: 'x.y' }, 'payload.cursor'],
    [{ limit: 0 }, 'payload.limit'],
    [{ limit: 51 }, 'payload.limit'],
    [{ branchId: 7 }, 'payload.branchId'],
  ] as const) {
    const r = await queue(payload);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('INVALID_ARGUMENT');
      expect(JSON.stringify(r.error.details)).toContain(field);
    }
  }
});

describe(`${BULK} more projects, each with a waiting claim`, () => {
  beforeAll(async () => {
    const p = (await docOf(
      cloud,
      'projects',
      (await docOf(cloud, 'project_claims', small.claim))!.projectId as string,
    ))!;
    const c = (await docOf(cloud, 'project_claims', small.claim))!;
    const t = (await docOf(cloud, 'project_tasks', c.taskId as string))!;
    const projects: Doc[] = [];
    const tasks: Doc[] = [];
    const claims: Doc[] = [];
    const clone = (d: Doc, patch: Doc) => {
      const { _id, ...rest } = d;
      void _id;
      return { ...rest, ...patch };
    };
    for (let i = 0; i < BULK + SILENT; i++) {
      const branchId = i % 2 === 0 ? 'b1' : 'b2';
      const pid = `bulk-p${i}`;
      const tid = `bulk-t${i}`;
      const memberId = branchId === 'b1' ? `m${(i % 6) + 1}` : i % 4 === 1 ? 'x' : 'y';
      // claimed after the small ones, the first TIED in the same millisecond
      const at = T0 + 10 * MIN + (i < TIED ? 0 : i);
      projects.push(clone(p, { _id: pid, branchId, title: `项目${i}` }));
      tasks.push(clone(t, { _id: tid, projectId: pid, branchId, title: `岗位${i}`, taken: 1 }));
      const base = clone(c, { _id: `${tid}:${memberId}`, taskId: tid, projectId: pid, branchId, memberId });
      if (i >= BULK) {
        // the later claims went silent earlier: released sooner
        const idleFrom = T0 - (i - BULK) * MIN;
        claims.push({
          ...base,
          status: 'active',
          claimedAt: at,
          idleFrom,
          warnedAt: idleFrom + (c.idleLimitMs as number) / 2,
          warnChannel: 'unreachable',
          idleCheckAt: idleFrom + (c.idleLimitMs as number),
        });
      } else if (i >= BULK - RESULTS) {
        claims.push({
          ...base,
          status: 'in_review',
          claimedAt: at - DAY,
          submittedAt: at,
          result: `成果${i}`,
          idleCheckAt: null,
        });
      } else claims.push({ ...base, status: 'pending', claimedAt: at, idleCheckAt: null });
    }
    for (const [coll, docs] of [
      ['projects', projects],
      ['project_tasks', tasks],
      ['project_claims', claims],
    ] as const) {
      await addInPages(cloud, coll, docs);
    }
  });

  test('the admin’s first page costs the same database requests as with one project', async () => {
    const r = await counted({});
    expect(r.data.items).toHaveLength(20);
    expect(r.data.nextCursor).not.toBeNull();
    expect(r.dbRequests).toBe(firstRequests);
    // a later page and one branch's queue cost the same
    expect((await counted({ cursor: r.data.nextCursor! })).dbRequests).toBe(firstRequests);
    expect((await counted({ branchId: 'b2', limit: 50 })).dbRequests).toBe(firstRequests);
  });

  test('paging through more than 1,000 waiting claims answers each exactly once, in order', async () => {
    const { items, pages, last } = await drain({}, 50);
    const total = BULK + 3;
    expect(items).toHaveLength(total);
    expect(new Set(items.map((i) => i.claimId)).size).toBe(total);
    expect(pages).toBe(Math.ceil(total / 50));
    for (let i = 1; i < items.length; i++) {
      const a = items[i - 1];
      const b = items[i];
      expect(a.at < b.at || (a.at === b.at && a.claimId < b.claimId)).toBe(true);
    }
    expect(items.filter((i) => i.kind === 'result')).toHaveLength(RESULTS + 1);
    expect(last.totals).toEqual({ claims: BULK - RESULTS + 2, results: RESULTS + 1, unreachable: SILENT });
    // titles and names come with every item
    const bulk = items.find((i) => i.claimId.startsWith('bulk-t7:'))!;
    expect(bulk).toMatchObject({ projectTitle: '项目7', taskTitle: '岗位7', memberName: expect.any(String) });
    expect(bulk.memberName).not.toBe('未知成员');
  });

  test('one branch: only its claims, every one', async () => {
    const { items, last } = await drain({ branchId: 'b2' }, 50);
    expect(items).toHaveLength(BULK / 2 + 1);
    expect(items.every((i) => i.claimId === small.other || /^bulk-t\d*[13579]:/.test(i.claimId))).toBe(true);
    expect(last.totals.claims + last.totals.results).toBe(BULK / 2 + 1);
    expect(last.totals.unreachable).toBe(SILENT / 2);
  });

  test('members to call: the soonest released first, all counted', async () => {
    const q = await ok(queue({}));
    expect(q.totals.unreachable).toBe(SILENT);
    expect(q.unreachable).toHaveLength(SILENT);
    const at = q.unreachable.map((u) => u.releaseAt);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(q.unreachable[0].claimId).toMatch(new RegExp(`^bulk-t${BULK + SILENT - 1}:`));
    expect(q.unreachable[0].taskTitle).toMatch(/^岗位\d+$/);
  });

  test('a secretary’s queue is still their own branch’s only', async () => {
    const { items } = await drain({}, 50, 'o_sec2');
    expect(items).toHaveLength(BULK / 2 + 1);
    expect(await code(queue({ limit: 10 }, 'o_sec2'))).toBe('OK');
  });
});
