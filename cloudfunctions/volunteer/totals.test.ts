import { useLocalCloud } from '../../testing/cloud';
import { addBranches, hoursDoc, memberDoc } from '../../testing/fixtures';
import type { HoursKind } from '../../types/enums';
import type { Envelope } from '../../types/envelope';
import type { TConfirmHoursOutput, TMyHoursOutput, THoursRecord } from '../../types/volunteer';
import {
  shanghaiYear,
  totalsFromEntries,
  totalsView,
  type HoursTotals,
  type TotalsEntry,
} from '../core/domain/volunteer';

/**
 * The running hours totals (`volunteer_totals`) against the ledger they summarise: after confirms,
 * rejections, corrections and many confirmations of one member at once, the stored document equals
 * the totals recomputed from every entry, and `myHours` answers them; a missing, unready or
 * old-format document is rebuilt (also while confirmations race with the rebuild). Then the paged
 * records: a total order, no entry skipped or repeated across pages.
 */
const cloud = useLocalCloud({ env: { APP_ADMIN_OPENIDS: 'o_admin' } });

const H = 3_600_000;
const DAY = 24 * H;

async function call<T>(action: string, payload: unknown, who: string): Promise<Envelope<T>> {
  return cloud.call<T>('volunteer', { action, payload }, `o_${who}`);
}
async function ok<T>(action: string, payload: unknown, who: string): Promise<T> {
  const r = await call<T>(action, payload, who);
  if (!r.ok) throw new Error(`${action} as ${who}: ${JSON.stringify(r.error)}`);
  return r.data;
}
const hoursOf = async (memberId: string) => {
  const out: (TotalsEntry & { _id: string })[] = [];
  for (;;) {
    const res = await cloud
      .db()
      .collection('volunteer_hours')
      .where({ memberId })
      .orderBy('_id', 'asc')
      .skip(out.length)
      .limit(1000)
      .get();
    out.push(...(res.data as (TotalsEntry & { _id: string })[]));
    if (res.data.length < 1000) return out;
  }
};
const totalsDoc = async (memberId: string) => {
  const res = await cloud.db().collection('volunteer_totals').doc(memberId).get();
  return ((res.data as Record<string, unknown>[])[0] ?? null) as
    (HoursTotals & Record<string, unknown>) | null;
};
/** The stored totals equal the ledger recomputed, and myHours answers the same. */
async function expectExact(memberId: string, now: number) {
  const want = totalsFromEntries(await hoursOf(memberId));
  const mine = await ok<TMyHoursOutput>('myHours', {}, memberId);
  expect(mine.totals).toEqual(totalsView(want.all));
  expect(mine.thisYear).toEqual(totalsView(want.years[shanghaiYear(now)]));
  const doc = await totalsDoc(memberId);
  expect(doc).toMatchObject({ ready: true, all: want.all, years: want.years });
  return want;
}

let t0 = 0;
let team = '';
let seq = 0;
/** A pending entry, written as the system proposes them (outside a transaction). */
async function pending(
  memberId: string,
  date: number,
  hours: number,
  kind: HoursKind = 'reported',
): Promise<string> {
  const id = `h${String(++seq).padStart(4, '0')}`;
  await cloud
    .db()
    .collection('volunteer_hours')
    .add(hoursDoc(t0, id, memberId, team, date, hours, { kind, title: `服务${seq}` }));
  return id;
}
const confirm = (ids: string[], who = 'leadA') =>
  ok<TConfirmHoursOutput>('confirmHours', { items: ids.map((id) => ({ id, decision: 'approve' })) }, who);

beforeAll(async () => {
  t0 = await cloud.clock.now();
  await addBranches(cloud, t0, ['b1']);
  for (const p of [
    memberDoc(t0, 'admin', 'b1', ['member', 'admin']),
    memberDoc(t0, 'leadA', 'b1'),
    memberDoc(t0, 'leadB', 'b1'),
    memberDoc(t0, 'm1', 'b1'),
    memberDoc(t0, 'm2', 'b1'),
    memberDoc(t0, 'm3', 'b1'),
  ])
    await cloud.db().collection('members').add(p);
  team = (await ok<{ id: string }>('createTeam', { name: '先锋领航总队' }, 'admin')).id;
  await ok('setLeaders', { teamId: team, memberIds: ['leadA', 'leadB'] }, 'admin');
}, 60_000);

describe('running totals stay equal to the ledger', () => {
  it('after confirms (this year and last year), a rejection and corrections', async () => {
    const a = await pending('m1', t0 - 2 * DAY, 2);
    const b = await pending('m1', t0 - 3 * DAY, 1.5, 'verified');
    const c = await pending('m1', t0 - 400 * DAY, 3); // last year (or earlier): all time only
    const d = await pending('m1', t0 - 4 * DAY, 1);
    await pending('m1', t0 - 5 * DAY, 4); // stays pending: counts nowhere
    expect((await confirm([a, b, c])).every((r) => r.ok)).toBe(true);
    let want = await expectExact('m1', t0);
    expect(want.all).toEqual({ verified: 150, added: 0, reported: 500 });
    const rej = await ok<TConfirmHoursOutput>(
      'confirmHours',
      { items: [{ id: d, decision: 'reject', reason: '无佐证' }] },
      'leadA',
    );
    expect(rej[0]).toMatchObject({ ok: true, status: 'rejected' });
    await expectExact('m1', t0);
    // a correction supersedes: the old entry stops counting, the new one counts
    const corr = await ok<{ recordId: string }>(
      'correctHours',
      { recordId: a, hours: 1, reason: '实际服务1小时' },
      'leadB',
    );
    want = await expectExact('m1', t0);
    expect(want.all.reported).toBe(400);
    // corrected again, to zero hours
    await ok('correctHours', { recordId: corr.recordId, hours: 0, reason: '重复登记' }, 'leadA');
    want = await expectExact('m1', t0);
    expect(want.all).toEqual({ verified: 150, added: 0, reported: 300 });
  });

  it('40 entries of one member confirmed at once — one batch and two leaders in parallel — all exact', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 40; i++) ids.push(await pending('m2', t0 - (10 + i) * DAY, 0.5 + (i % 4) * 0.5));
    // two leaders' batches and single confirmations at the same time, then the rest
    const answers = await Promise.all([
      confirm(ids.slice(0, 20), 'leadA'),
      confirm(ids.slice(20, 30), 'leadB'),
      ...ids.slice(30, 34).map((id, i) => confirm([id], i % 2 ? 'leadA' : 'leadB')),
    ]);
    answers.push(await confirm(ids.slice(34), 'leadB'));
    const results = answers.flat();
    expect(results.filter((r) => r.ok)).toHaveLength(40);
    const want = await expectExact('m2', t0);
    const sum = ids.reduce((s, _, i) => s + 50 + (i % 4) * 50, 0);
    expect(want.all.verified + want.all.added + want.all.reported).toBe(sum);
  });
});

describe('a missing, unready or old document never gives a wrong answer', () => {
  it('missing: rebuilt from the ledger on first read', async () => {
    await cloud.db().collection('volunteer_totals').doc('m1').remove();
    await expectExact('m1', t0);
  });

  it('unready (a change made while missing) and an old format are rebuilt', async () => {
    for (const [ready, v, rev, verified] of [
      [false, 1, 3, 0], // unready
      [true, 0, 0, 9999], // an old format
    ] as const) {
      await cloud
        .db()
        .collection('volunteer_totals')
        .doc('m1')
        .set({ memberId: 'm1', ready, v, rev, all: { verified, added: 0, reported: 0 }, years: {} });
      await expectExact('m1', t0);
    }
  });

  it('a confirmation while the document is missing is counted, even racing the rebuild', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push(await pending('m3', t0 - (60 + i) * DAY, 1));
    await confirm(ids.slice(0, 4));
    await cloud.db().collection('volunteer_totals').doc('m3').remove();
    // confirmations and first reads at once
    await Promise.all([
      ...ids.slice(4).map((id, i) => confirm([id], i % 2 ? 'leadA' : 'leadB')),
      ok('myHours', {}, 'm3'),
      ok('myHours', {}, 'm3'),
      ok('myHours', {}, 'm3'),
    ]);
    const want = await expectExact('m3', t0);
    expect(want.all.reported).toBe(1200);
  });
});

describe('records come in pages', () => {
  it('newest first in a total order (date, then id), no entry skipped or repeated', async () => {
    // m2 has 40 entries; add 25 sharing one date
    const same = t0 - 5 * DAY;
    for (let i = 0; i < 25; i++) await pending('m2', same, 1);
    const all = await hoursOf('m2');
    const seen: THoursRecord[] = [];
    let cursor: string | undefined;
    let pages = 0;
    for (;;) {
      const page = await ok<TMyHoursOutput>('myHours', cursor ? { cursor, limit: 30 } : {}, 'm2');
      pages++;
      seen.push(...page.records);
      if (!page.nextCursor) break;
      expect(page.records).toHaveLength(30);
      cursor = page.nextCursor;
    }
    expect(pages).toBe(3);
    expect(seen.map((r) => r.id).sort()).toEqual(all.map((h) => h._id).sort());
    for (let i = 1; i < seen.length; i++) {
      const [p, q] = [seen[i - 1], seen[i]];
      expect(p.date > q.date || (p.date === q.date && p.id > q.id)).toBe(true);
    }
  });

  it('a range: its records and its totals', async () => {
    const from = t0 - 30 * DAY;
    const to = t0 - 10 * DAY;
    const page = await ok<TMyHoursOutput>('myHours', { from, to, limit: 100 }, 'm2');
    const inRange = (await hoursOf('m2')).filter((h) => h.date >= from && h.date <= to);
    expect(page.records.map((r) => r.id).sort()).toEqual(inRange.map((h) => h._id).sort());
    expect(page.totals).toEqual(totalsView(totalsFromEntries(inRange).all));
    expect(page.nextCursor).toBeNull();
    // a cursor within the range
    const first = await ok<TMyHoursOutput>('myHours', { from, to, limit: 7 }, 'm2');
    const rest = await ok<TMyHoursOutput>(
      'myHours',
      { from, to, limit: 100, cursor: first.nextCursor },
      'm2',
    );
    expect([...first.records, ...rest.records].map((r) => r.id)).toEqual(page.records.map((r) => r.id));
  });

  it('a cursor that is not one → INVALID_ARGUMENT naming it', async () => {
    const r = await call('myHours', { cursor: 'abc' }, 'm2');
    expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(JSON.stringify(r)).toContain('cursor');
    expect(await call('myHours', { limit: 0 }, 'm2')).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT' },
    });
  });
});
