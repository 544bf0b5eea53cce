import { useLocalCloud } from '../../testing/cloud';
import { addInPages } from '../../testing/fixtures';
import type { TBranch, TListBranchesOutput } from '../../types/member';

/**
 * `member.listBranches` at university scale (issue 17): a page of branches by name (keyset on the
 * unique name), searched by name, or the branches of some ids — its database requests do not grow
 * with the number of branches (1 branch vs 1,201), and paging through 1,201 answers every branch
 * exactly once, in name order (the 1,000-document cut of a `get()` cannot truncate it).
 */
const cloud = useLocalCloud({ env: { APP_ADMIN_OPENIDS: 'o_admin' } });
const now = Date.UTC(2026, 10, 1);
const BULK = 1200;

type Payload = Record<string, unknown>;
const list = async (payload: Payload, who = 'o_admin') => {
  const r = await cloud.callCounted<TListBranchesOutput>('member', { action: 'listBranches', payload }, who);
  if (!r.result.ok) throw new Error(JSON.stringify(r.result.error));
  return { data: r.result.data, dbRequests: r.dbRequests };
};

/** Every branch the pages answer (`limit` each), checking each page's size and cost. */
async function drain(payload: Payload, limit: number, who = 'o_admin') {
  const items: TBranch[] = [];
  const requests: number[] = [];
  let cursor: string | undefined;
  let total: number | undefined;
  for (;;) {
    const page = await list({ ...payload, limit, ...(cursor ? { cursor } : {}) }, who);
    if (cursor === undefined) total = page.data.total;
    else expect(page.data.total).toBeUndefined();
    requests.push(page.dbRequests);
    expect(page.data.items.length).toBeLessThanOrEqual(limit);
    items.push(...page.data.items);
    if (!page.data.nextCursor) return { items, requests, total };
    expect(page.data.items).toHaveLength(limit);
    cursor = page.data.nextCursor;
  }
}

const member = (id: string, branchId: string, status: string, roles: string[]) => ({
  _id: id,
  branchId,
  name: `成员${id}`,
  staffNo: `S${id}`,
  phone: null,
  openid: status === 'unbound' ? `unbound:${id}` : `o_${id}`,
  status,
  roles,
  createdAt: now,
  updatedAt: now,
});

/** Names that sort apart from their insertion order, share prefixes, and carry regex characters. */
function bulkName(i: number): string {
  const college = ['临床医学院', '基础医学院', '药学院', '护理学院', 'Nursing School'][i % 5];
  return `${college}第${(BULK - i).toString().padStart(4, '0')}党支部${i % 97 === 0 ? '(研究生.一)' : ''}`;
}

const small: Record<string, number> = {};

beforeAll(async () => {
  const db = cloud.db();
  await db.collection('branches').add({
    _id: 'b_one',
    name: '基础医学院病理学实验室党支部',
    college: '基础医学院',
    kind: 'teacher',
    createdAt: now,
    updatedAt: now,
  });
  await db
    .collection('members')
    .add([
      member('sec1', 'b_one', 'active', ['member', 'secretary']),
      member('m1', 'b_one', 'active', ['member']),
      member('m2', 'b_one', 'pending', ['member']),
      member('m3', 'b_one', 'unbound', ['member']),
      member('me', 'b_one', 'active', ['member']),
    ]);
  // the cost of each kind of call with ONE branch, before the university grows
  small.first = (await list({ limit: 50 })).dbRequests;
  small.member = (await list({}, 'o_me')).dbRequests;
  small.stranger = (await list({}, 'o_stranger')).dbRequests;
  small.ids = (await list({ ids: ['b_one'] }, 'o_me')).dbRequests;
  small.search = (await list({ q: '病理' })).dbRequests;
  console.log('[branches.test] DB requests with 1 branch', JSON.stringify(small));

  const docs = Array.from({ length: BULK }, (_, i) => ({
    _id: `bb${i.toString().padStart(4, '0')}`,
    name: bulkName(i),
    college: bulkName(i).split('第')[0],
    createdAt: now,
    updatedAt: now,
  }));
  await addInPages(cloud, 'branches', docs);
  // a secretary and members in one of the bulk branches
  await db
    .collection('members')
    .add([
      member('sec2', 'bb0007', 'active', ['member', 'secretary']),
      member('m4', 'bb0007', 'left', ['member']),
    ]);
}, 120_000);

test('database requests per call are the same with 1 branch as with 1,201', async () => {
  expect((await list({ limit: 50 })).dbRequests).toBe(small.first);
  expect((await list({}, 'o_me')).dbRequests).toBe(small.member);
  expect((await list({}, 'o_stranger')).dbRequests).toBe(small.stranger);
  expect((await list({ ids: ['b_one'] }, 'o_me')).dbRequests).toBe(small.ids);
  expect((await list({ q: '病理' })).dbRequests).toBe(small.search);
  // and small: the page and its total; for an admin also the page's secretaries and counts; the
  // caller's own row is read once per invocation
  expect(small.stranger).toBeLessThanOrEqual(3);
  expect(small.first).toBeLessThanOrEqual(5);
  expect(small.ids).toBeLessThanOrEqual(2);
});

test('paging through 1,201 branches answers each exactly once, in name order, at a flat cost per page', async () => {
  const { items, requests, total } = await drain({}, 50);
  expect(total).toBe(BULK + 1);
  expect(items).toHaveLength(BULK + 1);
  expect(new Set(items.map((b) => b.id)).size).toBe(BULK + 1);
  const names = items.map((b) => b.name);
  expect(names).toEqual([...names].sort());
  expect(requests).toHaveLength(Math.ceil((BULK + 1) / 50));
  // the pages after the first have no total to count: each costs the same whatever its position
  expect(new Set(requests.slice(1)).size).toBe(1);
  expect(requests[1]).toBeLessThan(requests[0]);
  // a member pages the same list (no secretaries or counts)
  const asMember = await drain({}, 50, 'o_me');
  expect(asMember.items.map((b) => b.id)).toEqual(items.map((b) => b.id));
  expect(asMember.items.every((b) => b.counts === undefined && b.secretaries === undefined)).toBe(true);
});

test('the admin gets the secretaries and roster counts of each answered branch', async () => {
  const { data } = await list({ ids: ['bb0007', 'b_one'] });
  expect(data.items.map((b) => b.id)).toEqual(['bb0007', 'b_one']);
  expect(data.nextCursor).toBeNull();
  const [bulk, one] = data.items;
  expect(one.secretaries).toEqual([{ id: 'sec1', name: '成员sec1' }]);
  expect(one.counts).toEqual({ unbound: 1, pending: 1, active: 3, left: 0 });
  expect(bulk.secretaries).toEqual([{ id: 'sec2', name: '成员sec2' }]);
  expect(bulk.counts).toEqual({ unbound: 0, pending: 0, active: 1, left: 1 });
});

test('search by name: every match exactly once, across pages, regex characters taken literally', async () => {
  const expected = (pred: (name: string) => boolean) =>
    ['基础医学院病理学实验室党支部', ...Array.from({ length: BULK }, (_, i) => bulkName(i))]
      .filter(pred)
      .sort();
  for (const q of ['护理学院', '(研究生.一)', 'nursing school', '第0001', '.']) {
    const { items, total } = await drain({ q }, 20);
    const want = expected((n) => n.toLowerCase().includes(q.toLowerCase()));
    expect(items.map((b) => b.name)).toEqual(want);
    expect(total).toBe(want.length);
  }
  const none = await list({ q: '不存在的支部' });
  expect(none.data).toEqual({ items: [], nextCursor: null, total: 0 });
  const one = await list({ q: '病理学' }, 'o_stranger');
  expect(one.data.items.map((b) => b.id)).toEqual(['b_one']);
});

test('ids: the branches that exist, in the order asked', async () => {
  const { data } = await list({ ids: ['bb1199', 'nope', 'b_one'] }, 'o_stranger');
  expect(data.items.map((b) => b.id)).toEqual(['bb1199', 'b_one']);
  expect(data.total).toBeUndefined();
});

test('bad input is refused with INVALID_ARGUMENT naming the field', async () => {
  for (const [payload, field] of [
    [{ limit: 0 }, 'payload.limit'],
    [{ limit: 51 }, 'payload.limit'],
    [{ limit: 2.5 }, 'payload.limit'],
    [{ cursor: '' }, 'payload.cursor'],
    [{ cursor: 7 }, 'payload.cursor'],
    [{ q: 'x'.repeat(61) }, 'payload.q'],
    [{ ids: [] }, 'payload.ids'],
    [{ ids: Array.from({ length: 51 }, (_, i) => `b${i}`) }, 'payload.ids'],
    [{ ids: ['b_one'], cursor: 'a' }, 'payload.ids'],
    [{ ids: ['b_one'], q: 'a' }, 'payload.ids'],
    [{ offset: 10 }, 'payload.offset'],
  ] as const) {
    const r = await cloud.call('member', { action: 'listBranches', payload }, 'o_admin');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('INVALID_ARGUMENT');
      expect(r.error.details?.fields?.map((f) => f.path)).toContain(field);
    }
  }
});
