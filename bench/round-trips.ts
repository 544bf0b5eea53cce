/**
 * Round trips per action (issue 11). On CloudBase every database request and open-API call a function
 * makes is a network round trip (several ms each), so their number per action is the cost users feel
 * there, more than this machine's CPU time. The local cloud counts them per invocation (the
 * `x-db-requests` / `x-openapi-calls` answer headers, emulator/README.md "Round trips"); this bench
 * reads those counts for the actions a member or secretary uses most:
 *   member.me · checkin.checkIn · attendance.review (one item, and a batch of 20) ·
 *   the reminder dispatch timer per message sent (20 and 100 messages in one run).
 * The counts are exact and the same on every run with the same data; the milliseconds are context.
 */
import { createSdkApp } from '../emulator/sdk';
import { activityDoc, memberDoc } from '../testing/fixtures';
import type { TReviewOutput } from '../types/attendance';
import type { TDispatchOutput } from '../types/reminder';
import { reminderCredits, rotatingMeeting, startBenchCloud, stats, type BenchResult } from './lib';

const HOUR = 3600_000;
const REPEAT = 10;

interface Row {
  action: string;
  /** database requests by action, of the last sample (GET /__invocations) */
  by?: string;
  db: number[];
  openapi: number[];
  ms: number[];
  note: string;
}

function pendingCheckin(activityId: string, memberId: string, branchId: string, at: number) {
  return {
    _id: `${activityId}:${memberId}`,
    activityId,
    memberId,
    branchId,
    memberName: `成员${memberId}`,
    status: 'pending',
    method: 'rotating',
    flags: [],
    at,
    checkedInAt: at,
    nonce: `nonce_${memberId}_${activityId}`,
    deviceId: `dev_${memberId}`,
    location: { lat: 31.2, lng: 121.4, accuracy: 25 },
    evidence: { distanceM: 20, location: { accuracy: 25 } },
    createdAt: at,
    updatedAt: at,
  };
}

const range = (xs: number[]) => {
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  return lo === hi ? String(lo) : `${lo}–${hi}`;
};

export default async function run(): Promise<BenchResult> {
  const lines: string[] = [];
  const goals: BenchResult['goals'] = [];
  const rows: Row[] = [];
  const bench = await startBenchCloud('round-trips', {
    env: {
      APP_ADMIN_OPENIDS: 'o_admin',
      APP_TEMPLATE_MEETING_REMINDER: 'bench-meeting-reminder',
      APP_TEMPLATE_MEETING_CANCELLED: 'bench-meeting-cancelled',
      APP_TEMPLATE_TASK_REMINDER: 'bench-task-reminder',
    },
  });
  const { cloud } = bench;
  // what the last finished invocation sent, per database action (the local cloud's record of it)
  const lastBreakdown = async () => {
    const [rec] = (await (await fetch(`${cloud.url}/__invocations?n=1`)).json()) as {
      counts: { db: Record<string, number> };
    }[];
    return Object.entries(rec?.counts.db ?? {})
      .map(([k, n]) => `${k.replace(/^database\./, '')} ${n}`)
      .join(', ');
  };
  try {
    const db = createSdkApp(cloud.url, cloud.envId).database();
    const t0 = Date.now();
    const branch = (id: string) =>
      db
        .collection('branches')
        .add({ _id: id, name: `支部${id}`, college: '医学院', createdAt: t0, updatedAt: t0 });
    const members = async (branchId: string, ids: string[], credits: boolean) => {
      for (let i = 0; i < ids.length; i += 500) {
        const page = ids.slice(i, i + 500);
        await db.collection('members').add(page.map((id) => memberDoc(t0, id, branchId)));
        if (credits) await db.collection('credits').add(reminderCredits(page, t0));
      }
    };

    // ---- reminder dispatch: one timer run delivering 20, then another delivering 100 ------------
    const dispatchRow = async (branchId: string, n: number) => {
      await branch(branchId);
      await members(
        branchId,
        Array.from({ length: n }, (_, i) => `${branchId}m${i}`),
        true,
      );
      await db.collection('activities').add(
        activityDoc(t0, `${branchId}a`, t0 + 30 * 60_000, branchId, {
          title: `会议${branchId}`,
          approval: 'auto',
        }),
      );
      const r = await bench.fireTimerCounted<TDispatchOutput>('reminder');
      if (!r.result?.ok) throw new Error(`dispatch failed: ${JSON.stringify(r.result)}`);
      const sent = r.result.data.sent;
      rows.push({
        action: `reminder dispatch, ${sent} messages`,
        db: [r.dbRequests],
        openapi: [r.openApiCalls],
        ms: [r.ms],
        by: await lastBreakdown(),
        note: `${(r.dbRequests / Math.max(1, sent)).toFixed(2)} DB requests and ${(r.openApiCalls / Math.max(1, sent)).toFixed(2)} sends per message`,
      });
      return { sent, db: r.dbRequests, openapi: r.openApiCalls };
    };
    const small = await dispatchRow('br20', 20);
    const big = await dispatchRow('br100', 100);
    const marginal = (big.db - small.db) / Math.max(1, big.sent - small.sent);

    // ---- a branch with a secretary and 60 members; a meeting about to start ---------------------
    await branch('b1');
    await db.collection('members').add(memberDoc(t0, 'sec', 'b1', ['member', 'secretary']));
    const ids = Array.from({ length: 60 }, (_, i) => `m${String(i).padStart(2, '0')}`);
    await members('b1', ids, false);

    const measure = async (
      action: string,
      note: string,
      fn: () => Promise<{ dbRequests: number; openApiCalls: number; ms: number; ok: boolean; why?: string }>,
    ) => {
      const row: Row = { action, db: [], openapi: [], ms: [], note };
      for (let i = 0; i < REPEAT; i++) {
        const r = await fn();
        if (!r.ok) throw new Error(`${action} failed: ${r.why}`);
        row.db.push(r.dbRequests);
        row.openapi.push(r.openApiCalls);
        row.ms.push(r.ms);
      }
      row.by = await lastBreakdown();
      rows.push(row);
      return row;
    };

    let k = 0;
    const me = await measure('member.me', 'the member home screen', async () => {
      const r = await bench.callCounted('member', 'me', {}, `o_${ids[k++ % ids.length]}`);
      return { ...r, ok: r.result.ok, why: JSON.stringify(r.result) };
    });

    const meeting = await rotatingMeeting(bench.must, { type: 'branch_congress', title: '支部党员大会' });
    let c = 0;
    const checkIn = await measure('checkin.checkIn', 'a new check-in with a rotating code', async () => {
      const id = ids[c++];
      const code = meeting.code();
      const r = await bench.callCounted(
        'checkin',
        'checkIn',
        {
          code,
          nonce: `roundtrip-${id}`,
          deviceId: `dev-${id}`,
          location: { lat: 30.2741 + c * 1e-3, lng: 120.1551, accuracy: 15 },
        },
        `o_${id}`,
      );
      return { ...r, ok: r.result.ok, why: JSON.stringify(r.result) };
    });

    // ---- review: pending check-ins of a meeting that ended; one item, then batches of 20 ---------
    await db
      .collection('activities')
      .add(activityDoc(t0, 'past', t0 - 2 * HOUR, 'b1', { title: '小组会', approval: 'risk' }));
    for (let i = 0; i < ids.length; i += 1)
      await db.collection('checkins').add(pendingCheckin('past', ids[i], 'b1', t0 - 100 * 60_000 - i));
    let next = 0;
    const review = (n: number) => async () => {
      const items = ids
        .slice(next, next + n)
        .map((id) => ({ id: `past:${id}`, decision: 'approve' as const }));
      next += n;
      const r = await bench.callCounted<TReviewOutput>('attendance', 'review', { items }, 'o_sec');
      const ok = r.result.ok && r.result.data.every((x) => x.ok);
      return { ...r, ok, why: JSON.stringify(r.result) };
    };
    const one = await measure('attendance.review (1 item)', 'one decision', review(1));
    // two batches are what is left (60 − 10 single − 40): REPEAT would run out of items
    const row20: Row = { action: 'attendance.review (batch of 20)', db: [], openapi: [], ms: [], note: '' };
    for (let i = 0; i < 2; i++) {
      const r = await review(20)();
      if (!r.ok) throw new Error(`review failed: ${r.why}`);
      row20.db.push(r.dbRequests);
      row20.openapi.push(r.openApiCalls);
      row20.ms.push(r.ms);
    }
    row20.by = await lastBreakdown();
    row20.note = `${(stats(row20.db).p50 / 20).toFixed(2)} per item`;
    rows.push(row20);
    const stored = (await db.collection('checkins').where({ activityId: 'past', status: 'approved' }).count())
      .total as number;

    lines.push(
      `${'action'.padEnd(40)} ${'DB requests'.padStart(11)} ${'open API'.padStart(9)} ${'p50 ms'.padStart(8)}  note`,
    );
    for (const r of rows)
      lines.push(
        `${r.action.padEnd(40)} ${range(r.db).padStart(11)} ${range(r.openapi).padStart(9)} ${stats(r.ms).p50.toFixed(1).padStart(8)}  ${r.note}`,
      );
    lines.push('database requests by action (last call of each row):');
    for (const r of rows) lines.push(`  ${r.action}: ${r.by}`);
    lines.push(
      `reminder dispatch: ${marginal.toFixed(2)} DB requests per additional message (${small.db} for ${small.sent}, ${big.db} for ${big.sent})`,
      `review: ${stored} of ${2 * 20 + REPEAT} decided check-ins stored as approved`,
    );
    goals.push(
      {
        name: "member.me is one database request (the caller's roster row)",
        ok: me.db.every((n) => n === 1),
        value: range(me.db),
      },
      {
        // docs/checkin.md: the caller's row, then the activity and the peers in parallel, then the
        // insert; a warm instance keeps the activity for 2 s (one request fewer)
        name: 'checkin.checkIn happy path ≤ 4 database requests',
        ok: checkIn.db.every((n) => n <= 4),
        value: range(checkIn.db),
      },
      {
        name: 'a batch of 20 reviews costs fewer DB requests than 20 single reviews',
        ok: stats(row20.db).p50 < 20 * stats(one.db).p50,
        value: `${stats(row20.db).p50} vs 20 × ${stats(one.db).p50}`,
      },
      {
        name: 'reminder dispatch: one send per message, DB requests per message do not grow with the run',
        ok:
          big.openapi === big.sent &&
          small.openapi === small.sent &&
          big.db / Math.max(1, big.sent) <= small.db / Math.max(1, small.sent),
        value: `${(small.db / Math.max(1, small.sent)).toFixed(2)} at ${small.sent}, ${(big.db / Math.max(1, big.sent)).toFixed(2)} at ${big.sent}`,
      },
      {
        name: 'every reviewed item stored',
        ok: stored === 2 * 20 + REPEAT,
        value: `${stored}`,
      },
    );
  } finally {
    await bench.stop();
  }
  return { name: 'round-trips', lines, goals };
}
