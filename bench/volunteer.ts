/**
 * 先锋领航 (issue 14), through the gateway (`POST /fn/volunteer`) against `member.me` measured in the
 * same run:
 *  1. a 300-member event's hours: the leader confirms every clean item in batches of 50 — time per
 *     item vs one `member.me` (goal ≤ 5×);
 *  2. `myHours` for a member with 500 records vs `member.me`, interleaved (goal ≤ 3× at p50);
 *  3. a sign-up burst: 200 members at once on 100 seats → exactly 100 signed up, 0 oversold (the
 *     event document and the sign-ups checked afterwards).
 */
import { createSdkApp } from '../emulator/sdk';
import { hoursDoc } from '../testing/fixtures';
import type { TConfirmHoursOutput, THoursQueueOutput } from '../types/volunteer';
import { fmt, interleave, seedBranch, startBenchCloud, stats, time, type BenchResult } from './lib';

const EVENT_MEMBERS = 300;
const BATCH = 50;
const RECORDS = 500;
const BURST = 200;
const SEATS = 100;
const HOUR = 3_600_000;

export default async function run(): Promise<BenchResult> {
  const lines: string[] = [];
  const goals: BenchResult['goals'] = [];
  const bench = await startBenchCloud('volunteer', { env: { APP_ADMIN_OPENIDS: 'o_admin' } });
  const { cloud } = bench;
  try {
    const db = createSdkApp(cloud.url, cloud.envId).database();
    const now = Date.now();
    const call = bench.call;
    const ok = bench.must;
    const ids = Array.from({ length: EVENT_MEMBERS }, (_, i) => `v${String(i).padStart(3, '0')}`);
    await seedBranch(db, {
      now,
      namePrefix: '队员',
      boundAgoMs: 30 * 24 * HOUR,
      members: [{ id: 'lead' }, { id: 'solo' }, ...ids.map((id) => ({ id }))],
    });
    const teamId = (await ok<{ id: string }>('volunteer', 'createTeam', { name: '压测分队' }, 'o_admin')).id;
    await ok('volunteer', 'setLeaders', { teamId, memberIds: ['lead'] }, 'o_admin');
    await db.collection('team_members').add(
      [...ids, 'solo'].map((id) => ({
        _id: `${teamId}:${id}`,
        teamId,
        memberId: id,
        memberName: `队员${id}`,
        branchId: 'b1',
        status: 'active',
        requestedAt: now,
        updatedAt: now,
      })),
    );
    const me = () => ok('member', 'me', {}, 'o_solo');
    // warm both functions
    for (let i = 0; i < 5; i++) await Promise.all([me(), ok('volunteer', 'myHours', {}, 'o_solo')]);

    // ---- 1. a 300-member event: stays recorded, hours proposed by the queue's sweep, confirmed in batches
    const startAt = now - 6 * HOUR;
    const eventId = (
      await ok<{ activityId: string }>(
        'volunteer',
        'createEvent',
        { teamId, title: '大型义诊', startAt: now + HOUR, endAt: now + 4 * HOUR, capacity: 500 },
        'o_lead',
      )
    ).activityId;
    // move the event into the past (as if held), with every member signed up and checked in and out
    await db
      .collection('activities')
      .doc(eventId)
      .update({
        startAt,
        endAt: startAt + 3 * HOUR,
        expectedMemberIds: ids,
        volunteer: { capacity: 500, signedUp: ids.length, signupClosesAt: startAt },
      });
    await db.collection('checkins').add(
      ids.map((id, i) => ({
        _id: `${eventId}:${id}`,
        activityId: eventId,
        memberId: id,
        branchId: `team:${teamId}`,
        memberName: `队员${id}`,
        status: 'approved',
        method: 'rotating',
        flags: [],
        at: startAt,
        checkedInAt: startAt,
        nonce: `bench-${i}-xxxxxxxx`,
        deviceId: `dev-${i}`,
        location: null,
        checkedOutAt: startAt + 3 * HOUR,
        durationMin: 180,
        durationVerified: true,
        createdAt: startAt,
        updatedAt: startAt,
      })),
    );
    const [sweepMs, queue] = await time(() =>
      ok<THoursQueueOutput>('volunteer', 'hoursQueue', { teamId }, 'o_lead'),
    );
    const clean = queue.filter((i) => i.clean);
    lines.push(
      `queue sweep: ${queue.length} stays proposed (${clean.length} clean) in ${sweepMs.toFixed(0)} ms`,
    );
    const perItem: number[] = [];
    const meSamples: number[] = [];
    let confirmed = 0;
    for (let i = 0; i < clean.length; i += BATCH) {
      const batch = clean.slice(i, i + BATCH);
      const [dt, res] = await time(() =>
        ok<TConfirmHoursOutput>(
          'volunteer',
          'confirmHours',
          { items: batch.map((x) => ({ id: x.id, decision: 'approve' })) },
          'o_lead',
        ),
      );
      confirmed += res.filter((r) => r.ok).length;
      perItem.push(dt / batch.length);
      for (let k = 0; k < 10; k++) meSamples.push((await time(me))[0]);
    }
    const itemSt = stats(perItem);
    const meSt = stats(meSamples);
    const confirmRatio = itemSt.mean / meSt.p50;
    lines.push(fmt(`confirm, per item (batches of ${BATCH})`, itemSt), fmt('member.me', meSt));
    lines.push(
      `confirmed ${confirmed}/${clean.length}; per item / member.me p50 = ${confirmRatio.toFixed(2)}×`,
    );
    goals.push({
      name: 'all clean items confirmed',
      ok: confirmed === EVENT_MEMBERS,
      value: `${confirmed}/${EVENT_MEMBERS}`,
    });
    goals.push({
      name: 'confirm per item ≤ 5× member.me',
      ok: confirmRatio <= 5,
      value: `${confirmRatio.toFixed(2)}×`,
    });

    // ---- 2. myHours with 500 records
    const records = Array.from({ length: RECORDS }, (_, i) => {
      const date = now - (i + 1) * 20 * HOUR;
      return hoursDoc(date, `h-solo-${i}`, 'solo', teamId, date, 1.5, {
        kind: (['verified', 'added', 'reported'] as const)[i % 3],
        status: i % 10 === 0 ? 'pending' : 'confirmed',
        memberName: '队员solo',
        activityId: i % 3 === 2 ? null : `a-${i}`,
        title: `志愿服务 ${i}`,
        createdBy: 'bench',
      });
    });
    await db.collection('volunteer_hours').add(records);
    // a bulk load bypasses the transactions that keep the running totals: drop them (as the seed
    // does); the first read rebuilds them from the 500 entries — timed once, on its own
    await db.collection('volunteer_totals').doc('solo').remove();
    type Mine = { records: { id: string }[]; totals: { total: number }; nextCursor: string | null };
    const [rebuildMs, first] = await time(() => ok<Mine>('volunteer', 'myHours', {}, 'o_solo'));
    // what the answer was before paging and running totals: every record and totals summed from
    // them (a range covering everything still reads the whole ledger) — side by side
    const everything = { from: Date.UTC(2000, 0, 1), to: now, limit: 100 };
    const s = await interleave(
      {
        myHours: () => ok('volunteer', 'myHours', {}, 'o_solo'),
        me,
        ranged: () => ok('volunteer', 'myHours', everything, 'o_solo'),
      },
      60,
    );
    const mh = stats(s.myHours);
    const me2 = stats(s.me);
    const rg = stats(s.ranged);
    const hoursRatio = mh.p50 / me2.p50;
    // walk every page: all 500 records, none twice; totals = the confirmed ones
    const seen = new Set<string>();
    let page = first;
    for (;;) {
      for (const r of page.records) seen.add(r.id);
      if (!page.nextCursor) break;
      page = await ok<Mine>('volunteer', 'myHours', { cursor: page.nextCursor }, 'o_solo');
    }
    const confirmedH = records.filter((r) => r.status === 'confirmed').length * 1.5;
    lines.push(
      fmt(
        `myHours, first page (${first.records.length} of ${seen.size} records; totals from the totals document)`,
        mh,
      ),
      fmt('member.me', me2),
      fmt('myHours over a range (totals summed from the range’s 500 entries, 100 records)', rg),
      `first read after a bulk load (rebuilds the totals from 500 entries): ${rebuildMs.toFixed(1)} ms`,
    );
    lines.push(
      `myHours / member.me p50 = ${hoursRatio.toFixed(2)}×; ranged / member.me = ${(rg.p50 / me2.p50).toFixed(2)}×`,
    );
    goals.push({
      name: 'myHours with 500 records ≤ 3× member.me',
      ok: hoursRatio <= 3 && seen.size === RECORDS && first.totals.total === confirmedH,
      value: `${hoursRatio.toFixed(2)}× (all ${seen.size} records by pages; total ${first.totals.total} h = ${confirmedH} h confirmed)`,
    });

    // ---- 3. sign-up burst
    const burstEvent = (
      await ok<{ activityId: string }>(
        'volunteer',
        'createEvent',
        { teamId, title: '报名压测', startAt: now + 48 * HOUR, endAt: now + 50 * HOUR, capacity: SEATS },
        'o_lead',
      )
    ).activityId;
    const crowd = ids.slice(0, BURST);
    const [burstMs, answers] = await time(() =>
      Promise.all(crowd.map((id) => call('volunteer', 'signUp', { activityId: burstEvent }, `o_${id}`))),
    );
    const codes = answers.map((a) => (a.ok ? 'OK' : a.error.code));
    const signedUp = codes.filter((c) => c === 'OK').length;
    const full = codes.filter((c) => c === 'EVENT_FULL').length;
    const other = codes.filter((c) => c !== 'OK' && c !== 'EVENT_FULL');
    const ev = (
      (await db.collection('activities').doc(burstEvent).get()).data as {
        volunteer: { signedUp: number };
        expectedMemberIds: string[];
      }[]
    )[0];
    const rows = (
      await db.collection('signups').where({ activityId: burstEvent, status: 'signed_up' }).limit(1000).get()
    ).data.length;
    lines.push(
      `sign-up burst: ${BURST} at once on ${SEATS} seats in ${burstMs.toFixed(0)} ms → ${signedUp} signed up, ${full} EVENT_FULL, ${other.length} other${other.length ? ` (${[...new Set(other)].join(', ')})` : ''}; event says ${ev.volunteer.signedUp}, ${ev.expectedMemberIds.length} expected, ${rows} sign-up rows`,
    );
    const oversold = Math.max(0, rows - SEATS, ev.volunteer.signedUp - SEATS);
    goals.push({
      name: `sign-up burst ${BURST} on ${SEATS}: ${SEATS} seats, 0 oversold`,
      ok:
        signedUp === SEATS &&
        rows === SEATS &&
        ev.volunteer.signedUp === SEATS &&
        ev.expectedMemberIds.length === SEATS &&
        other.length === 0,
      value: `${signedUp} signed up, ${oversold} oversold`,
    });
  } finally {
    await bench.stop();
  }
  return { name: 'volunteer', lines, goals };
}
