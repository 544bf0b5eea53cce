/**
 * University scale (issue 17): `npm run bench -- scale [branches]`. Generates a university at three
 * sizes — branches/100, branches/10 and branches (default 1,000: 1×, 10×, 100× of a mid-size
 * university of 10 branches) — each in a fresh local cloud (bench/scale-data.ts), then calls every
 * screen's actions through the gateway as the real people would and records, per call, the latency
 * and the number of database requests the function made. Prints one table: per action and size the
 * p50 latency and requests per call, and the growth factors 10×/1× and 100×/1×.
 *
 * The subjects are the same at every size: a member and the secretary of one of the branches sb0…
 * (generated identically at every size), so a member's or a secretary's screen should cost the same
 * at 100× as at 1×; the admin's screens are expected to see every branch.
 *
 * Database requests are counted by the local cloud per invocation when it reports them (an
 * `x-db-requests` answer header); otherwise this process counts every database request the local
 * cloud handles while one call is in flight (calls are made one at a time, timers off).
 */
import os from 'node:os';
import { LocalDatabase } from '../emulator/db/index';
import type { TBranchStats } from '../types/attendance';
import type { TListBranchesOutput } from '../types/member';
import type { TDispatchOutput } from '../types/reminder';
import type { Envelope } from '../types/envelope';
import { rotatingMeeting, startBenchCloud, stats, type BenchResult } from './lib';
import { DAY, generateUniversity, openidOf, type BranchPlan, type Generated } from './scale-data';

const REPEAT = 5;

// ---- counting database requests ---------------------------------------------------------------
let dbRequests = 0;
const proto = LocalDatabase.prototype as unknown as {
  handle: (action: string, body: Record<string, unknown>) => Promise<Record<string, unknown>>;
};
const originalHandle = proto.handle;
function countRequests(on: boolean) {
  proto.handle = on
    ? function (this: unknown, action: string, body: Record<string, unknown>) {
        dbRequests++;
        return originalHandle.call(this, action, body);
      }
    : originalHandle;
}

interface Sample {
  ms: number;
  db: number;
  ok: boolean;
  code?: string;
}

interface Row {
  screen: string;
  action: string;
  /** per size label: samples */
  by: Record<string, Sample[]>;
}

async function invoke(url: string, fn: string, action: string, payload: unknown, openid: string) {
  const before = dbRequests;
  const t0 = performance.now();
  const res = await fetch(`${url}/fn/${fn}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-openid': openid },
    body: JSON.stringify({ action, payload }),
  });
  const body = (await res.json()) as Envelope<unknown>;
  const ms = performance.now() - t0;
  const header = res.headers.get('x-db-requests');
  const db = header !== null ? Number(header) : dbRequests - before;
  return { ms, db, body };
}

async function timer(url: string, fn: string) {
  const before = dbRequests;
  const t0 = performance.now();
  const res = await fetch(`${url}/__timers/${fn}`, { method: 'POST' });
  const body = (await res.json()) as { result?: Envelope<unknown> | unknown; durationMs?: number };
  const ms = performance.now() - t0;
  const header = res.headers.get('x-db-requests');
  return { ms, db: header !== null ? Number(header) : dbRequests - before, body };
}

/** Size at which branch `b` < every size exists: the subject must be in all three universities. */
function pickSubject(plans: BranchPlan[], among: number): BranchPlan {
  const cands = plans.slice(0, Math.max(1, among));
  return cands.reduce((best, p) => (Math.abs(p.size - 60) < Math.abs(best.size - 60) ? p : best));
}

function quarterStart(now: number): number {
  const d = new Date(now + 8 * 3600_000);
  const q = Math.floor(d.getUTCMonth() / 3) * 3;
  return Date.UTC(d.getUTCFullYear(), q, 1) - 8 * 3600_000;
}

export default async function run(args: string[] = []): Promise<BenchResult> {
  const max = Number(args.find((a) => /^\d+$/.test(a)) ?? 1000);
  // `overview=1000`: also measure the admin overview at that many branches (summaries only)
  const overviewAt = Number(
    /^overview=(\d+)$/.exec(args.find((a) => a.startsWith('overview=')) ?? '')?.[1] ?? max,
  );
  // `gen-workers=2`: threads generating the data (default 1, beside the local cloud's thread)
  const genWorkers = Number(
    /^gen-workers=(\d+)$/.exec(args.find((a) => a.startsWith('gen-workers=')) ?? '')?.[1] ?? 1,
  );
  // a line on stderr every ~10 % of a long generation (the 1,000-branch one takes minutes)
  const progressOf = (n: number) => {
    let shown = 0;
    const t0 = performance.now();
    return (branches: number, docs: number) => {
      if (n < 100 || branches < shown + n / 10) return;
      shown = branches;
      const s = (performance.now() - t0) / 1000;
      console.error(
        `  scale: ${branches}/${n} branches, ${docs.toLocaleString('en')} documents, ${s.toFixed(0)} s (${Math.round(docs / s)} docs/s)`,
      );
    };
  };
  const overviewRows: { name: string; ms: number; db: number; ok: boolean }[] = [];
  const branchRows: { name: string; ms: number; db: number; ok: boolean }[] = [];
  const sizes = [Math.max(1, Math.round(max / 100)), Math.max(1, Math.round(max / 10)), max];
  const labels = ['1×', '10×', '100×'];
  const lines: string[] = [];
  const goals: BenchResult['goals'] = [];
  const rows = new Map<string, Row>();
  const gen: Record<string, Generated> = {};
  const add = (screen: string, action: string, label: string, s: Sample) => {
    const key = `${screen}|${action}`;
    let row = rows.get(key);
    if (!row) rows.set(key, (row = { screen, action, by: {} }));
    (row.by[label] ??= []).push(s);
  };
  let subjectIndex = -1;
  const agree: string[] = [];

  // ---- the table ---------------------------------------------------------------------------------
  const p50 = (s: Sample[] | undefined, k: 'ms' | 'db') =>
    s && s.length ? stats(s.map((x) => x[k])).p50 : NaN;
  const fmtMs = (x: number) =>
    Number.isNaN(x) ? '—' : x >= 1000 ? `${(x / 1000).toFixed(1)} s` : `${x.toFixed(0)} ms`;
  const ratio = (a: number, b: number) =>
    Number.isNaN(a) || Number.isNaN(b) || b === 0 ? '—' : `${(a / b).toFixed(1)}`;
  const table = (): string[] => {
    const out: string[] = [];
    out.push(
      '',
      `subject: branch sb${subjectIndex} (${gen[labels[0]]?.plans[subjectIndex]?.size} members) — the same branch at every size`,
      '',
      `| screen | action | ${labels.map((l) => `${l} p50`).join(' | ')} | ${labels.map((l) => `${l} DB req`).join(' | ')} | DB ×10 | DB ×100 | time ×100 |`,
      `|---|---|${labels.map(() => '---:').join('|')}|${labels.map(() => '---:').join('|')}|---:|---:|---:|`,
    );
    for (const row of rows.values()) {
      const ms = labels.map((l) => p50(row.by[l], 'ms'));
      const db = labels.map((l) => p50(row.by[l], 'db'));
      const failed = labels
        .map((l) => (row.by[l] ?? []).find((s) => !s.ok))
        .filter(Boolean)
        .map((s) => s!.code ?? 'failed');
      out.push(
        `| ${row.screen} | ${row.action}${failed.length ? ` (**${[...new Set(failed)].join(', ')}**)` : ''} | ${ms.map(fmtMs).join(' | ')} | ${db.map((x) => (Number.isNaN(x) ? '—' : String(x))).join(' | ')} | ${ratio(db[1], db[0])} | ${ratio(db[2], db[0])} | ${ratio(ms[2], ms[0])} |`,
      );
    }
    return out;
  };
  countRequests(true);
  try {
    // the admin overview at 1,000 branches: it reads only branches and their branch-year summaries,
    // so those are generated alone (same data as a full university of that size)
    if (overviewAt > 0) {
      const bench = await startBenchCloud(`scale-overview-${overviewAt}`, {
        env: { APP_ADMIN_OPENIDS: 'o_admin' },
      });
      try {
        const now = Date.now();
        const g = await generateUniversity(bench.cloud, overviewAt, now, {
          only: new Set(['branches', 'branch_years', 'summary_state']),
          workers: genWorkers,
        });
        lines.push(
          `overview-only university: ${overviewAt} branches' branches + branch_years (${Object.values(g.docs).reduce((a, b) => a + b, 0)} documents) in ${(g.ms / 1000).toFixed(1)} s`,
        );
        const from = quarterStart(now);
        for (const [name, payload] of [
          ['this quarter', { from, to: now }],
          ['this year', { from: now - 300 * DAY, to: now }],
        ] as const) {
          await invoke(bench.cloud.url, 'attendance', 'stats', payload, 'o_admin');
          for (let i = 0; i < 3; i++) {
            const r = await invoke(bench.cloud.url, 'attendance', 'stats', payload, 'o_admin');
            const n = r.body.ok ? ((r.body.data as { total?: number }).total ?? 0) : 0;
            overviewRows.push({
              name: `${name} (${n} branches)`,
              ms: r.ms,
              db: r.db,
              ok: r.body.ok && n === overviewAt,
            });
          }
        }
        // the branch list over the same branches: a page, the next, a search, one branch by id
        const first = await invoke(bench.cloud.url, 'member', 'listBranches', {}, 'o_admin');
        const page = first.body.ok ? (first.body.data as TListBranchesOutput) : null;
        for (const [name, payload, who] of [
          ['branch list, first page', {}, 'o_admin'],
          ['branch list, next page', { cursor: page?.nextCursor ?? undefined }, 'o_admin'],
          ['branch list, search by name', { q: page?.items[3]?.name ?? 'x' }, 'o_admin'],
          ['branch list, one branch by id (a member)', { ids: [page?.items[0]?.id ?? 'x'] }, 'o_stranger'],
        ] as const) {
          for (let i = 0; i < 3; i++) {
            const r = await invoke(bench.cloud.url, 'member', 'listBranches', payload, who);
            branchRows.push({ name, ms: r.ms, db: r.db, ok: r.body.ok && page?.total === overviewAt });
          }
        }
      } finally {
        await bench.stop();
      }
    }
    for (let si = 0; si < sizes.length; si++) {
      const n = sizes[si];
      const label = labels[si];
      const bench = await startBenchCloud(`scale-${n}`, {
        env: {
          APP_ADMIN_OPENIDS: 'o_admin',
          APP_TEMPLATE_MEETING_REMINDER: 'bench-meeting-reminder',
          APP_TEMPLATE_MEETING_CANCELLED: 'bench-meeting-cancelled',
        },
      });
      const { cloud } = bench;
      try {
        const now = Date.now();
        const g = await generateUniversity(cloud, n, now, { workers: genWorkers, progress: progressOf(n) });
        gen[label] = g;
        const total = Object.values(g.docs).reduce((a, b) => a + b, 0);
        lines.push(
          `${label}: ${n} branches generated in ${(g.ms / 1000).toFixed(1)} s — ${total.toLocaleString('en')} documents (${Object.entries(
            g.docs,
          )
            .map(([k, v]) => `${k} ${v.toLocaleString('en')}`)
            .join(', ')}); ${Math.round(total / (g.ms / 1000)).toLocaleString('en')} docs/s; load average ${os
            .loadavg()
            .map((x) => x.toFixed(1))
            .join(' ')}`,
        );
        console.error(`  ${lines[lines.length - 1]}`);
        if (subjectIndex < 0) subjectIndex = g.plans.indexOf(pickSubject(g.plans, sizes[0]));
        const p = g.plans[subjectIndex];
        const sec = openidOf(p.secretary);
        const member = openidOf(p.active[Math.min(7, p.active.length - 1)]);
        const from = quarterStart(now);
        const yearAgo = now - 365 * DAY;

        const measure = async (
          screen: string,
          fn: string,
          action: string,
          payload: unknown,
          who: string,
          repeat = REPEAT,
        ) => {
          await invoke(cloud.url, fn, action, payload, who); // warm the worker (cold starts are another bench)
          for (let i = 0; i < repeat; i++) {
            const r = await invoke(cloud.url, fn, action, payload, who);
            add(screen, `${fn}.${action}`, label, {
              ms: r.ms,
              db: r.db,
              ok: r.body.ok,
              code: r.body.ok ? undefined : r.body.error.code,
            });
          }
        };

        // member screens
        await measure('member home', 'member', 'me', {}, member);
        await measure('member home', 'activity', 'listMine', { from: now - DAY, to: now + 28 * DAY }, member);
        await measure('member records', 'checkin', 'myRecords', {}, member);
        await measure('member records', 'attendance', 'myRequests', {}, member);
        await measure('member home', 'reminder', 'credits', {}, member);

        // check-in: a meeting starting in 5 minutes, distinct members scanning the live code
        const meeting = await rotatingMeeting(
          async <T>(fn: string, action: string, payload: unknown, openid: string) => {
            const r = await invoke(cloud.url, fn, action, payload, openid);
            if (!r.body.ok) throw new Error(`${action}: ${JSON.stringify(r.body.error)}`);
            return r.body.data as T;
          },
          { branchId: p.id, type: 'group_meeting', title: '规模测试组会', secretary: sec },
        );
        const scanners = p.active.slice(10, 10 + REPEAT + 1);
        for (let i = 0; i < scanners.length; i++) {
          const code = meeting.code();
          const r = await invoke(
            cloud.url,
            'checkin',
            'checkIn',
            { code, nonce: `scale-nonce-${i}`, deviceId: `dev-scale-${i}` },
            openidOf(scanners[i]),
          );
          if (i > 0)
            add('check-in', 'checkin.checkIn', label, {
              ms: r.ms,
              db: r.db,
              ok: r.body.ok,
              code: r.body.ok ? undefined : r.body.error.code,
            });
        }

        // secretary screens
        await measure('secretary queue', 'attendance', 'queue', { branchId: p.id }, sec);
        await measure('secretary roster', 'attendance', 'roster', { activityId: p.recentMeeting }, sec);
        await measure('secretary roster', 'member', 'listMembers', { branchId: p.id }, sec);
        await measure('secretary dashboard', 'attendance', 'stats', { branchId: p.id, from, to: now }, sec);
        await measure(
          'secretary dashboard',
          'activity',
          'listBranch',
          { branchId: p.id, from: now - 60 * DAY, to: now + 30 * DAY },
          sec,
        );
        await measure('secretary audit', 'attendance', 'audit', { branchId: p.id, limit: 50 }, sec);
        await measure(
          'secretary export',
          'attendance',
          'export',
          { branchId: p.id, from: yearAgo, to: now },
          sec,
          2,
        );

        // volunteer (先锋领航) and project screens: the branch's own team and projects
        const volunteer = openidOf(p.volunteer);
        const leader = openidOf(p.teamLeader);
        await measure('member volunteer', 'volunteer', 'myHours', {}, volunteer);
        await measure('member volunteer', 'volunteer', 'listEvents', {}, volunteer);
        await measure('volunteer leader', 'volunteer', 'hoursQueue', { teamId: p.teamId }, leader);
        await measure(
          'volunteer leader',
          'volunteer',
          'stats',
          { teamId: p.teamId, from: yearAgo, to: now },
          leader,
        );
        await measure('member projects', 'project', 'list', {}, member);
        await measure('member projects', 'project', 'myTasks', {}, member);
        await measure('project leader', 'project', 'queue', {}, openidOf(p.projectLead));
        await measure('secretary projects', 'project', 'queue', {}, sec);
        await measure('admin projects', 'project', 'queue', {}, 'o_admin', 2);

        // admin screens
        await measure('admin overview', 'attendance', 'stats', { from, to: now }, 'o_admin', 3);
        // the overview (running summaries) and the subject branch's live statistics must agree
        const ov = await invoke(cloud.url, 'attendance', 'stats', { from, to: now, q: p.name }, 'o_admin');
        const live = await invoke(cloud.url, 'attendance', 'stats', { branchId: p.id, from, to: now }, sec);
        if (ov.body.ok && live.body.ok) {
          const t = (ov.body.data as { branches: TBranchStats[] }).branches.find(
            (x) => x.branchId === p.id,
          )?.totals;
          const ms = (live.body.data as TBranchStats).members;
          const sum = (k: 'expected' | 'present' | 'excused' | 'absent') => ms.reduce((a, m) => a + m[k], 0);
          const same =
            !!t &&
            t.expected === sum('expected') &&
            t.present === sum('present') &&
            t.excused === sum('excused') &&
            t.absent === sum('absent');
          agree.push(
            `${label} ${same ? 'equal' : `DIFFER (${JSON.stringify(t)} vs ${sum('expected')}/${sum('present')}/${sum('excused')}/${sum('absent')})`}`,
          );
        } else agree.push(`${label} failed`);
        // the admin's branch list: the first page (with the total), a later page, a search by name
        await measure('admin branches', 'member', 'listBranches', {}, 'o_admin', 2);
        {
          const first = await invoke(cloud.url, 'member', 'listBranches', {}, 'o_admin');
          const cursor = first.body.ok ? (first.body.data as TListBranchesOutput).nextCursor : null;
          if (cursor)
            await measure('admin branches, next page', 'member', 'listBranches', { cursor }, 'o_admin', 2);
        }
        await measure('admin branches, search', 'member', 'listBranches', { q: p.name }, 'o_admin', 2);
        // a member's home names their branch by id (never the university's list)
        await measure('member home (branch name)', 'member', 'listBranches', { ids: [p.id] }, member);

        // the summaries timer: the new meeting's check-in window is open: one bounded run recounts it
        {
          const r = await timer(cloud.url, 'attendance');
          add('admin overview', 'attendance timer summaries (open windows + marks)', label, {
            ms: r.ms,
            db: r.db,
            ok: true,
          });
        }

        // reminder dispatch: first deliver whatever the generated meetings make due now (among 1,000
        // branches some always start within a reminder window): run the timer until a run sends
        // nothing and leaves nothing, counting the runs and messages; then measure runs with nothing due
        {
          let runs = 0;
          let sent = 0;
          let dbSum = 0;
          let msSum = 0;
          for (; runs < 20;) {
            const r = await timer(cloud.url, 'reminder');
            runs++;
            dbSum += r.db;
            msSum += r.ms;
            const out = (r.body as { result?: Envelope<TDispatchOutput> }).result;
            const d = out && out.ok ? out.data : null;
            if (!d) throw new Error(`reminder timer answered ${JSON.stringify(r.body).slice(0, 300)}`);
            sent += d.sent;
            if (d.sent === 0 && !d.deferred && !d.roundsLeft) break;
          }
          lines.push(
            `${label}: reminders due at the measured moment — ${sent} sent in ${runs} timer runs ` +
              `(${dbSum} DB requests, ${fmtMs(msSum)}) before the nothing-due runs below`,
          );
        }
        for (let i = 0; i < 2; i++) {
          const r = await timer(cloud.url, 'reminder');
          const env = (r.body as { result?: Envelope<unknown> }).result;
          add('reminder dispatch', 'reminder timer (nothing due)', label, {
            ms: r.ms,
            db: r.db,
            ok: !!env && (env as Envelope<unknown>).ok !== false,
          });
        }
      } catch (e) {
        // keep the sizes measured so far: the table below shows them, this size says why it stopped
        lines.push(`${label}: ${n} branches FAILED — ${String((e as Error)?.stack ?? e)}`);
        console.error(lines[lines.length - 1]);
        break;
      } finally {
        await bench.stop();
      }
      // the table so far (a long run can be cut short and still leave its smaller sizes)
      console.error(table().join('\n'));
    }
  } finally {
    countRequests(false);
  }

  lines.push(...table());

  lines.push('', `overview totals of the subject branch vs its live statistics: ${agree.join(', ')}`);
  const byName = new Map<string, typeof overviewRows>();
  for (const r of overviewRows) byName.set(r.name, [...(byName.get(r.name) ?? []), r]);
  for (const [name, rs] of byName) {
    lines.push(
      `admin overview at ${overviewAt} branches, ${name}: p50 ${fmtMs(stats(rs.map((r) => r.ms)).p50)}, ${stats(rs.map((r) => r.db)).p50} DB requests${rs.every((r) => r.ok) ? '' : ' (FAILED)'}`,
    );
  }
  const branchByName = new Map<string, typeof branchRows>();
  for (const r of branchRows) branchByName.set(r.name, [...(branchByName.get(r.name) ?? []), r]);
  for (const [name, rs] of branchByName) {
    lines.push(
      `member.listBranches at ${overviewAt} branches, ${name}: p50 ${fmtMs(stats(rs.map((r) => r.ms)).p50)}, ${stats(rs.map((r) => r.db)).p50} DB requests${rs.every((r) => r.ok) ? '' : ' (FAILED)'}`,
    );
  }
  // ---- goals -------------------------------------------------------------------------------------
  const dbOf = (key: string, l: string) => p50(rows.get(key)?.by[l], 'db');
  const msOf = (key: string, l: string) => p50(rows.get(key)?.by[l], 'ms');
  // the largest size measured (all three unless a size failed: then the goals say up to which)
  const bigAt = Math.max(0, labels.filter((l) => gen[l] !== undefined).length - 1);
  const big = labels[bigAt];
  const small = labels[0];
  const memberKeys = [...rows.keys()].filter((k) => k.startsWith('member ') || k.startsWith('check-in'));
  const flat = memberKeys.filter((k) => dbOf(k, big) <= dbOf(k, small));
  goals.push({
    name: `member screens and check-in: DB requests per call flat from 1× to ${big}`,
    ok: flat.length === memberKeys.length,
    value: memberKeys.map((k) => `${k.split('|')[1]} ${dbOf(k, small)}→${dbOf(k, big)}`).join(', '),
  });
  const secKeys = [...rows.keys()].filter((k) => k.startsWith('secretary '));
  const secFlat = secKeys.filter((k) => dbOf(k, big) <= dbOf(k, small));
  goals.push({
    name: `secretary screens grow with the branch only (same branch: flat from 1× to ${big})`,
    ok: secFlat.length === secKeys.length,
    value: secKeys.map((k) => `${k.split('|')[1]} ${dbOf(k, small)}→${dbOf(k, big)}`).join(', '),
  });
  const leadKeys = [...rows.keys()].filter(
    (k) => k.startsWith('volunteer leader') || k.startsWith('project leader'),
  );
  goals.push({
    name: `volunteer and project leaders' screens grow with their team / project only (flat from 1× to ${big})`,
    ok: leadKeys.every((k) => dbOf(k, big) <= dbOf(k, small)),
    value: leadKeys.map((k) => `${k.split('|')[1]} ${dbOf(k, small)}→${dbOf(k, big)}`).join(', '),
  });
  const ov = 'admin overview|attendance.stats';
  const ovOk = (rows.get(ov)?.by[big] ?? []).every((s) => s.ok);
  goals.push({
    name: `admin overview across ${sizes[bigAt]} branches (full data): ≤ 20 DB requests and ≤ 1 s`,
    ok: ovOk && dbOf(ov, big) <= 20 && msOf(ov, big) <= 1000,
    value: `${dbOf(ov, big)} requests, ${fmtMs(msOf(ov, big))}${ovOk ? '' : ' (failed)'}`,
  });
  if (overviewRows.length) {
    const q = overviewRows.filter((r) => r.name.startsWith('this quarter'));
    const db = stats(q.map((r) => r.db)).p50;
    const ms = stats(q.map((r) => r.ms)).p50;
    goals.push({
      name: `admin overview across ${overviewAt} branches: ≤ 20 DB requests and ≤ 1 s`,
      ok: q.every((r) => r.ok) && db <= 20 && ms <= 1000,
      value: `${db} requests, ${fmtMs(ms)}`,
    });
  }
  const rd = 'reminder dispatch|reminder timer (nothing due)';
  goals.push({
    name: `reminder dispatch: a run reads a bounded amount (DB requests flat from 1× to ${big})`,
    ok: dbOf(rd, big) <= dbOf(rd, small) * 2,
    value: `${dbOf(rd, small)}→${dbOf(rd, big)} requests`,
  });
  return { name: 'scale', lines, goals };
}
