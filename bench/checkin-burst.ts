/**
 * Check-in burst (issue 5): 1,000 distinct members check in to one activity, 50 at a time, through
 * the gateway (`POST /fn/checkin`), each batch followed by the same 50 members calling `member.me`
 * (the cheapest authenticated call: one indexed read) — so both are measured in the same run under
 * the same load. Reports throughput, p50/p95/p99, the ratio check-in/me (goal ≤ 2× at p50), and
 * checks the database afterwards: zero lost, zero duplicated.
 */
import { createSdkApp } from '../emulator/sdk';
import { fmt, rotatingMeeting, seedBranch, startBenchCloud, stats, time, type BenchResult } from './lib';

const MEMBERS = 1000;
const CONCURRENCY = 50;
const SEQUENTIAL = 200;

export default async function run(): Promise<BenchResult> {
  const lines: string[] = [];
  const goals: BenchResult['goals'] = [];
  const bench = await startBenchCloud('checkin');
  const { cloud } = bench;
  try {
    const db = createSdkApp(cloud.url, cloud.envId).database();
    const now = Date.now();
    const ids = Array.from({ length: MEMBERS }, (_, i) => `m${String(i).padStart(4, '0')}`);
    await seedBranch(db, {
      now,
      members: [{ id: 'sec', roles: ['member', 'secretary'] }, ...ids.map((id) => ({ id }))],
    });

    const call = bench.call;
    const meeting = await rotatingMeeting(bench.must, {
      type: 'branch_congress',
      title: '支部党员大会（压测）',
    });
    const activityId = meeting.activityId;

    // warm both functions' workers (cold starts are the emulator bench's subject, not this one)
    await Promise.all(ids.slice(0, 8).map((id) => call('member', 'me', {}, `o_${id}`)));

    const checkin: number[] = [];
    const me: number[] = [];
    const failures: string[] = [];
    let checkinWallMs = 0;
    for (let i = 0; i < ids.length; i += CONCURRENCY) {
      const batch = ids.slice(i, i + CONCURRENCY);
      // the code on the organiser's display right now, minted from the display key like the phone does
      const code = meeting.code();
      const [wall] = await time(() =>
        Promise.all(
          batch.map(async (id, j) => {
            const [dt, r] = await time(() =>
              call(
                'checkin',
                'checkIn',
                {
                  code,
                  nonce: `burst-${id}-${j}`,
                  deviceId: `dev-${id}`,
                  location: { lat: 30.2741 + (i + j) * 1e-6, lng: 120.1551, accuracy: 15 },
                },
                `o_${id}`,
              ),
            );
            checkin.push(dt);
            if (!r.ok) failures.push(`${id}: ${r.error.code}`);
          }),
        ),
      );
      checkinWallMs += wall;
      await Promise.all(
        batch.map(async (id) => {
          const [dt, r] = await time(() => call('member', 'me', {}, `o_${id}`));
          me.push(dt);
          if (!r.ok) failures.push(`me ${id}: ${r.error.code}`);
        }),
      );
    }

    const total = (await db.collection('checkins').where({ activityId }).count()).total as number;
    const seen = new Set<string>();
    for (let skip = 0; skip < MEMBERS + 1000; skip += 1000) {
      const page = (
        await db
          .collection('checkins')
          .where({ activityId })
          .field({ memberId: true })
          .orderBy('_id', 'asc') // a total order: pages neither repeat nor miss documents
          .skip(skip)
          .limit(1000)
          .get()
      ).data as { memberId: string }[];
      for (const d of page) seen.add(d.memberId);
      if (page.length < 1000) break;
    }
    const lost = ids.filter((id) => !seen.has(id)).length;
    const duplicated = total - seen.size;

    // Context: the same two calls one at a time (no queueing), interleaved, on a second activity.
    const second = await rotatingMeeting(bench.must, {
      type: 'group_meeting',
      title: '党小组会（压测，逐个）',
    });
    const seqCheckin: number[] = [];
    const seqMe: number[] = [];
    for (const [j, id] of ids.slice(0, SEQUENTIAL).entries()) {
      const code = second.code();
      const [dt, r] = await time(() =>
        call(
          'checkin',
          'checkIn',
          {
            code,
            nonce: `seq-${id}-${j}`,
            deviceId: `dev-${id}`,
            location: { lat: 30.2741 + j * 1e-6, lng: 120.1551, accuracy: 15 },
          },
          `o_${id}`,
        ),
      );
      if (!r.ok) failures.push(`seq ${id}: ${r.error.code}`);
      seqCheckin.push(dt);
      seqMe.push((await time(() => call('member', 'me', {}, `o_${id}`)))[0]);
    }
    const sc = stats(seqCheckin);
    const sm = stats(seqMe);

    const c = stats(checkin);
    const m = stats(me);
    const throughput = MEMBERS / (checkinWallMs / 1000);
    const ratio = c.p50 / m.p50;
    lines.push(`${MEMBERS} members, ${CONCURRENCY} at a time, through POST /fn (strict indexes)`);
    lines.push(fmt('checkin.checkIn', c));
    lines.push(fmt('member.me (same members, same run)', m));
    lines.push(
      `throughput ${throughput.toFixed(0)} check-ins/s (wall ${(checkinWallMs / 1000).toFixed(2)} s)`,
    );
    lines.push(`ratio checkIn/me p50 ${ratio.toFixed(2)}×, p95 ${(c.p95 / m.p95).toFixed(2)}×`);
    lines.push(
      `records ${total}, distinct members ${seen.size}, lost ${lost}, duplicated ${duplicated}, failed calls ${failures.length}`,
    );
    lines.push(fmt('one at a time: checkIn', sc));
    lines.push(fmt('one at a time: member.me', sm));
    lines.push(`one at a time: ratio checkIn/me p50 ${(sc.p50 / sm.p50).toFixed(2)}×`);
    if (failures.length) lines.push(`first failures: ${failures.slice(0, 5).join('; ')}`);
    goals.push({ name: 'check-in p50 ≤ 2× member.me p50', ok: ratio <= 2, value: `${ratio.toFixed(2)}×` });
    goals.push({
      name: 'zero lost, zero duplicated',
      ok: lost === 0 && duplicated === 0 && failures.length === 0,
      value: `lost ${lost}, duplicated ${duplicated}, failed ${failures.length}`,
    });
    return { name: 'checkin-burst', lines, goals };
  } finally {
    await bench.stop();
  }
}
