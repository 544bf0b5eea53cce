/**
 * The scale generator (issue 17): a university of N branches with a year of 三会一课, written in
 * bulk through the real `@cloudbase/node-sdk` (1,000 documents per `add`) into a local cloud with
 * the strict indexes on, in the shapes of cloudfunctions/core/repos.
 *
 * Deterministic: branch `sb<i>` is generated from its index alone (its own seeded random stream),
 * so branch sb0 … sb9 hold the same members, meetings and records whether the university has 10,
 * 100 or 1,000 branches — what a member or a secretary of those branches sees is the same, and a
 * screen whose cost still grows between sizes is growing with the university, not with its branch.
 *
 * What a branch holds (DOMAIN.md "Activity types"; one Shanghai year back from `now`):
 * - members: 10–200 (10 + 190·u⁴: median ≈ 22, mean ≈ 48; a few hospital branches near 200), 2%
 *   still unbound, 1% waiting for approval; member 0 is the secretary, members 0–4 the committee;
 *   party groups of 12.
 * - per month: a committee meeting (the committee invited), a theme party day (everyone), one group
 *   meeting per party group (that group invited); per quarter: a branch congress and a party
 *   lecture (the first of the year the 廉政党课); 2% of meetings cancelled. Plus the coming month's
 *   committee meeting and theme day, and a meeting tomorrow (reminders).
 * - for each expected member of a held meeting: 83% approved check-in (1% of them flagged and
 *   approved by the secretary), 2% pending (flagged, in the queue), 5% approved leave, 1% pending
 *   leave, 2% approved make-up (request + check-in `makeup`), 1% rejected check-in, 6% absent.
 * - every decision (leave, make-up, flagged approval, rejection) has its audit entry; 60% of the
 *   members hold one meeting-reminder credit.
 */
import {
  compactActivity,
  packYear,
  summaryYear,
  yearTotals,
  type CompactActivity,
  type RosterCounts,
} from '../cloudfunctions/core/domain/attendance/summary';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { createSdkApp, type CloudBaseApp } from '../emulator/sdk';
import { prng } from '../scripts/seed/members';
import { DEFAULT_HOURS_RULES } from '../types/volunteer';

export const HOUR = 3600_000;
export const DAY = 24 * HOUR;

/** the seed's mulberry32 (deterministic data, not security) */
const rng = prng;

const COLLEGES = [
  '临床医学院',
  '基础医学院',
  '公共卫生学院',
  '护理学院',
  '药学院',
  '附属第一医院',
  '附属第二医院',
  '机关党委',
];
const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN =
  '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红娥玲芬燕彬斌宇浩凯健俊帆帅旭宁龙林欣佳雪琳晨阳婷慧颖';

export const branchId = (b: number) => `sb${b}`;
export const memberId = (b: number, i: number) => `sb${b}m${i}`;
export const openidOf = (id: string) => `o_${id}`;

export interface BranchPlan {
  id: string;
  name: string;
  size: number;
  /** active member ids */
  active: string[];
  secretary: string;
  /** a held meeting with every outcome (the roster screen's subject) */
  recentMeeting: string;
  /** a meeting tomorrow (reminders) */
  tomorrow: string;
  /** the branch's volunteer team, its leader and a team member with a year of hours */
  teamId: string;
  teamLeader: string;
  volunteer: string;
  /** the leader of the branch's active project, and a member of the branch */
  projectLead: string;
}

export interface Generated {
  branches: number;
  docs: Record<string, number>;
  ms: number;
  plans: BranchPlan[];
}

type Doc = Record<string, unknown> & { _id: string };

/** Buffers documents per collection and writes them 1,000 at a time (one `add` each). */
class Writer {
  private buf = new Map<string, Doc[]>();
  private inflight: Promise<void>[] = [];
  readonly counts: Record<string, number> = {};
  constructor(
    private app: CloudBaseApp,
    private only?: ReadonlySet<string>,
  ) {}
  async put(coll: string, doc: Doc): Promise<void> {
    if (this.only && !this.only.has(coll)) return;
    let b = this.buf.get(coll);
    if (!b) this.buf.set(coll, (b = []));
    b.push(doc);
    this.counts[coll] = (this.counts[coll] ?? 0) + 1;
    if (b.length >= 1000) await this.flush(coll);
  }
  private async flush(coll: string): Promise<void> {
    const b = this.buf.get(coll);
    if (!b || b.length === 0) return;
    this.buf.set(coll, []);
    const p = this.add(coll, b);
    // handled when awaited below; without this a failure before that would crash the process
    p.catch(() => undefined);
    this.inflight.push(p);
    // IN_FLIGHT writes at once: this thread draws and serialises the next batches while the local
    // cloud (another thread) writes; the local cloud writes one request at a time anyway
    if (this.inflight.length >= IN_FLIGHT) await this.inflight.shift();
  }
  /**
   * One bulk `add`. A keep-alive socket the loaded local cloud closed just as the SDK reused it
   * answers ECONNRESET before the server read anything: retried (twice). Were the batch applied after
   * all, the retry meets its first `_id` as a duplicate: then it is checked as written, not added twice.
   */
  private async add(coll: string, docs: Doc[]): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        const res = (await this.app.database().collection(coll).add(docs)) as unknown as {
          code?: string;
          message?: string;
        };
        if (res && res.code) throw Object.assign(new Error(`add ${coll}: ${res.code} ${res.message}`), res);
        return;
      } catch (err) {
        const code = String((err as { code?: unknown }).code ?? '');
        if (attempt > 0 && /DUPLICATE/.test(code)) {
          const last = await this.app
            .database()
            .collection(coll)
            .doc(docs[docs.length - 1]._id)
            .get();
          if ((last.data as unknown[]).length === 1) return;
        }
        if (attempt >= 5 || !/ECONNRESET|EPIPE|ETIMEDOUT|socket hang up/i.test(`${code} ${String(err)}`))
          throw err;
        // back off: the local cloud is busy writing; 0.5, 1, 2, 4, 8 s
        await new Promise((res) => setTimeout(res, 500 * 2 ** attempt));
      }
    }
  }

  async end(): Promise<void> {
    for (const coll of [...this.buf.keys()]) await this.flush(coll);
    await Promise.all(this.inflight);
    this.inflight = [];
  }
}

/** bulk `add`s a generating thread keeps in flight */
const IN_FLIGHT = 3;

/** Shanghai wall time → epoch ms. */
const sh = (y: number, m: number, d: number, h: number) => Date.UTC(y, m, d, h - 8);

/** Where the university is written: a local cloud's URL and environment id. */
export interface GenTarget {
  url: string;
  envId: string;
}

export interface GenOptions {
  /**
   * `only`: write just these collections (the same university, drawn from the same random streams):
   * e.g. the admin overview reads only `branches` and `branch_years`, so its cost at 1,000
   * branches can be measured without writing a million check-ins.
   */
  only?: ReadonlySet<string>;
  /** generating threads (default 1); each draws every `workers`-th branch and writes it itself */
  workers?: number;
  /** called as branches are done (from the threads' reports) */
  progress?: (branchesDone: number, docs: number) => void;
}

interface PartJob {
  kind: 'scale-gen';
  target: GenTarget;
  n: number;
  now: number;
  only: string[] | null;
  part: number;
  parts: number;
}
type PartMessage =
  | { kind: 'progress'; branches: number; docs: number }
  | { kind: 'done'; plans: BranchPlan[]; counts: Record<string, number> }
  | { kind: 'error'; message: string };

/**
 * Generates the university in worker threads, so that drawing the data and the SDK's serialisation
 * run beside the local cloud (which, in the benchmark, is this process's main thread) instead of
 * taking turns with it. Branch `b` is drawn from its own stream, so the split changes nothing of the
 * data. The plans come back in branch order.
 */
export async function generateUniversity(
  target: GenTarget,
  n: number,
  now: number,
  opts: GenOptions = {},
): Promise<Generated> {
  const t0 = performance.now();
  const parts = Math.max(1, Math.min(opts.workers ?? 1, n));
  const done = new Array<number>(parts).fill(0);
  const docs = new Array<number>(parts).fill(0);
  const results = await Promise.all(
    Array.from({ length: parts }, (_, part) =>
      runPart(
        {
          kind: 'scale-gen',
          target: { url: target.url, envId: target.envId },
          n,
          now,
          only: opts.only ? [...opts.only] : null,
          part,
          parts,
        },
        (b, d) => {
          done[part] = b;
          docs[part] = d;
          opts.progress?.(
            done.reduce((a, x) => a + x, 0),
            docs.reduce((a, x) => a + x, 0),
          );
        },
      ),
    ),
  );
  const counts: Record<string, number> = {};
  for (const r of results) for (const [k, v] of Object.entries(r.counts)) counts[k] = (counts[k] ?? 0) + v;
  const plans = results.flatMap((r) => r.plans).sort((a, b) => Number(a.id.slice(2)) - Number(b.id.slice(2)));
  return { branches: n, docs: counts, ms: performance.now() - t0, plans };
}

function runPart(
  job: PartJob,
  progress: (branches: number, docs: number) => void,
): Promise<{ plans: BranchPlan[]; counts: Record<string, number> }> {
  // the thread loads this file through tsx's require hook (the benchmarks run under tsx)
  const boot = `require(${JSON.stringify(require.resolve('tsx/cjs'))}); require(${JSON.stringify(__filename)});`;
  return new Promise((resolve, reject) => {
    const w = new Worker(boot, { eval: true, workerData: job });
    let ended = false;
    w.on('message', (m: PartMessage) => {
      if (m.kind === 'progress') return progress(m.branches, m.docs);
      ended = true;
      if (m.kind === 'done') resolve(m);
      else reject(new Error(`scale generator thread ${job.part}: ${m.message}`));
      // its SDK's keep-alive sockets would hold it open
      void w.terminate();
    });
    w.on('error', (e) => {
      ended = true;
      reject(e);
    });
    w.on('exit', (code) => {
      if (!ended) reject(new Error(`scale generator thread ${job.part} exited (${code})`));
    });
  });
}

/** One thread's share: branches part, part + parts, …; part 0 also writes the summaries' state. */
async function generatePart(job: PartJob): Promise<void> {
  const app = createSdkApp(job.target.url, job.target.envId);
  const w = new Writer(app, job.only ? new Set(job.only) : undefined);
  const plans: BranchPlan[] = [];
  const nowSh = new Date(job.now + 8 * HOUR);
  const Y = nowSh.getUTCFullYear();
  const M = nowSh.getUTCMonth();
  let last = performance.now();
  for (let b = job.part; b < job.n; b += job.parts) {
    plans.push(await generateBranch(w, b, job.now, Y, M));
    if (performance.now() - last > 2000) {
      last = performance.now();
      const docs = Object.values(w.counts).reduce((a, x) => a + x, 0);
      parentPort?.postMessage({ kind: 'progress', branches: plans.length, docs } satisfies PartMessage);
    }
  }
  // every activity above has its summary: the summaries timer has nothing to backfill
  if (job.part === 0)
    await w.put('summary_state', { _id: 'backfill', cursor: '~', done: true, updatedAt: job.now });
  if (job.part === 0)
    await w.put('summary_state', { _id: 'years', cursor: '~', done: true, updatedAt: job.now });
  await w.end();
  parentPort?.postMessage({ kind: 'done', plans, counts: { ...w.counts } } satisfies PartMessage);
}

async function generateBranch(w: Writer, b: number, now: number, Y: number, M: number): Promise<BranchPlan> {
  const r = rng(0x5eed + b * 7919);
  const bid = branchId(b);
  const college = COLLEGES[b % COLLEGES.length];
  const created = now - 400 * DAY;
  const name = `${college}第${String(b + 1).padStart(4, '0')}党支部`;
  await w.put('branches', {
    _id: bid,
    name,
    college,
    kind: b % 3 === 0 ? 'student' : 'staff',
    createdAt: created,
    updatedAt: created,
  });
  await w.put('sites', {
    _id: `${bid}s0`,
    branchId: bid,
    name: `${college}${b + 1}号实验室`,
    kind: 'lab',
    location: { lat: 30.27 + (b % 100) * 1e-3, lng: 120.15 + Math.floor(b / 100) * 1e-3 },
    radiusM: 150,
    wifiBssids: [],
    code: `S${b.toString(36).padStart(4, '0')}`,
    createdAt: created,
    updatedAt: created,
  });

  const size = 10 + Math.floor(190 * r() ** 4);
  const active: string[] = [];
  const names: Record<string, string> = {};
  for (let i = 0; i < size; i++) {
    const id = memberId(b, i);
    const x = r();
    // the secretary and the committee are always active
    const status = i < 5 ? 'active' : x < 0.02 ? 'unbound' : x < 0.03 ? 'pending' : 'active';
    const name =
      SURNAMES[Math.floor(r() * SURNAMES.length)] +
      GIVEN[Math.floor(r() * GIVEN.length)] +
      (r() < 0.6 ? GIVEN[Math.floor(r() * GIVEN.length)] : '');
    names[id] = name;
    const boundAt = status === 'active' ? created + Math.floor(r() * 30) * DAY : null;
    await w.put('members', {
      _id: id,
      branchId: bid,
      name,
      staffNo: `${2000 + (b % 25)}${String(b).padStart(4, '0')}${String(i).padStart(3, '0')}`,
      phone: `13${String(b * 1000 + i).padStart(9, '0')}`,
      openid: status === 'unbound' ? `unbound:${id}` : openidOf(id),
      status,
      roles: i === 0 ? ['member', 'secretary'] : ['member'],
      boundAt,
      createdAt: created,
      updatedAt: created,
    });
    if (status === 'active') {
      active.push(id);
      if (r() < 0.6)
        await w.put('credits', {
          _id: `${id}:meetingReminder`,
          memberId: id,
          templateKey: 'meetingReminder',
          count: 1,
          updatedAt: now - 3 * DAY,
        });
    }
  }
  const secretary = memberId(b, 0);
  const committee = active.slice(0, 5);
  const groups: string[][] = [];
  for (let i = 0; i < active.length; i += 12) groups.push(active.slice(i, i + 12));

  let seq = 0;
  const summaries = new Map<number, CompactActivity[]>();
  let recentMeeting = '';
  let recentAt = 0;
  const activity = async (
    type: string,
    title: string,
    startAt: number,
    invited: string[] | null,
    extra: Record<string, unknown> = {},
  ): Promise<string> => {
    const id = `${bid}a${seq++}`;
    const cancelled = startAt < now && r() < 0.02;
    await w.put('activities', {
      _id: id,
      branchId: bid,
      type,
      title,
      siteId: `${bid}s0`,
      startAt,
      endAt: startAt + 90 * 60_000,
      status: cancelled ? 'cancelled' : 'scheduled',
      ...(cancelled ? { cancelReason: '临时手术任务', cancelledAt: startAt - DAY } : {}),
      checkin: {
        proof: 'either',
        requireLocation: true,
        approval: 'risk',
        codePeriodSec: 15,
        checkOut: false,
      },
      expectedMemberIds: invited,
      secret: 'k'.repeat(32),
      createdBy: secretary,
      createdAt: startAt - 7 * DAY,
      updatedAt: startAt - 7 * DAY,
      ...extra,
    });
    const facts = {
      type: type as never,
      startAt,
      endAt: startAt + 90 * 60_000,
      status: cancelled ? 'cancelled' : 'scheduled',
      integrityLecture: extra.integrityLecture === true,
    };
    const counts = cancelled || startAt > now ? null : await attendance(id, startAt, invited ?? active);
    // the running summary the `summaries` timer would have written (domain/attendance/summary.ts)
    const act = compactActivity(facts, counts);
    const year = summaryYear(startAt);
    await w.put('activity_summaries', {
      _id: id,
      branchId: bid,
      year,
      startAt,
      counted: counts !== null || cancelled,
      act,
      updatedAt: now,
    });
    let list = summaries.get(year);
    if (!list) summaries.set(year, (list = []));
    list.push(act);
    if (cancelled || startAt + 90 * 60_000 > now) return id;
    if (startAt > recentAt && invited === null) {
      recentAt = startAt;
      recentMeeting = id;
    }
    return id;
  };

  const audit = (
    at: number,
    action: string,
    targetType: string,
    targetId: string,
    activityId: string,
    after: object,
  ) =>
    w.put('audit', {
      _id: `${targetId}:${action}`,
      at,
      actor: secretary,
      action,
      targetType,
      targetId,
      branchId: bid,
      activityId,
      after,
    });

  const attendance = async (
    activityId: string,
    startAt: number,
    expected: string[],
  ): Promise<RosterCounts> => {
    const c: RosterCounts = { expected: expected.length, present: 0, pending: 0, leave: 0, absent: 0 };
    for (const m of expected) {
      const x = r();
      const at = startAt - 10 * 60_000 + Math.floor(r() * 25 * 60_000);
      const base = {
        _id: `${activityId}:${m}`,
        activityId,
        memberId: m,
        branchId: bid,
        memberName: names[m],
        method: 'rotating',
        at,
        checkedInAt: at,
        nonce: `n${activityId}${m}`,
        deviceId: `d${m}`,
        location: { lat: 30.27, lng: 120.15, accuracy: 20 + Math.floor(r() * 40) },
        createdAt: at,
        updatedAt: at,
      };
      const request = (kind: string, status: string, reason: string, createdAt: number) => ({
        _id: `${activityId}:${m}:${kind}:0`,
        kind,
        activityId,
        branchId: bid,
        memberId: m,
        memberName: names[m],
        status,
        reason,
        createdAt,
        updatedAt: createdAt,
        ...(status === 'pending' ? {} : { decidedBy: secretary, decidedAt: createdAt + HOUR }),
      });
      if (x < 0.83 || (x >= 0.91 && x < 0.93)) c.present++;
      else if (x < 0.85 || (x >= 0.9 && x < 0.91)) c.pending++;
      else if (x < 0.9) c.leave++;
      else c.absent++;
      if (x < 0.82) {
        await w.put('checkins', { ...base, status: 'approved', flags: [] });
      } else if (x < 0.83) {
        await w.put('checkins', {
          ...base,
          status: 'approved',
          flags: ['outside_fence'],
          decidedBy: secretary,
        });
        await audit(at + HOUR, 'checkin.approve', 'checkin', base._id, activityId, { status: 'approved' });
      } else if (x < 0.85) {
        await w.put('checkins', { ...base, status: 'pending', flags: ['outside_fence', 'low_accuracy'] });
      } else if (x < 0.9) {
        await w.put('requests', request('leave', 'approved', '门诊值班', startAt - 2 * DAY));
        await audit(
          startAt - 2 * DAY + HOUR,
          'leave.approve',
          'leave',
          `${activityId}:${m}:leave:0`,
          activityId,
          {
            status: 'approved',
          },
        );
      } else if (x < 0.91) {
        await w.put('requests', request('leave', 'pending', '外出培训', startAt - DAY));
      } else if (x < 0.93) {
        const askedAt = startAt + DAY;
        await w.put('requests', {
          ...request('makeup', 'approved', '手机没电，会后补签', askedAt),
          checkinId: base._id,
        });
        await w.put('checkins', {
          ...base,
          method: 'makeup',
          at: askedAt,
          status: 'approved',
          flags: [],
          forced: false,
        });
        await audit(askedAt + HOUR, 'makeup.approve', 'makeup', `${activityId}:${m}:makeup:0`, activityId, {
          status: 'approved',
        });
      } else if (x < 0.94) {
        await w.put('checkins', {
          ...base,
          status: 'rejected',
          flags: ['outside_fence'],
          decidedBy: secretary,
        });
        await audit(at + HOUR, 'checkin.reject', 'checkin', base._id, activityId, { status: 'rejected' });
      }
      // else: absent, nothing recorded
    }
    return c;
  };

  // a year back: months M-11 … M (this month's meetings may still be ahead)
  for (let k = 11; k >= 0; k--) {
    const mm = M - k;
    const y = Y + Math.floor(mm / 12);
    const mon = ((mm % 12) + 12) % 12;
    const day = (d: number) => 1 + ((d + b) % 26);
    await activity('committee_meeting', `${mon + 1}月支委会`, sh(y, mon, day(2), 9), committee);
    await activity('theme_day', `${mon + 1}月主题党日`, sh(y, mon, day(10), 14), null);
    for (let g = 0; g < groups.length; g++)
      await activity(
        'group_meeting',
        `第${g + 1}党小组${mon + 1}月组会`,
        sh(y, mon, day(5 + g), 16),
        groups[g],
      );
    if (mon % 3 === 2) {
      await activity(
        'branch_congress',
        `第${Math.floor(mon / 3) + 1}季度支部党员大会`,
        sh(y, mon, day(15), 14),
        null,
      );
      await activity(
        'party_lecture',
        mon === 2 ? '廉政党课' : `第${Math.floor(mon / 3) + 1}季度党课`,
        sh(y, mon, day(20), 15),
        null,
        mon === 2 ? { integrityLecture: true } : {},
      );
    }
  }
  // next month, planned
  const nm = M + 1;
  const ny = Y + Math.floor(nm / 12);
  const nmon = nm % 12;
  await activity('committee_meeting', `${nmon + 1}月支委会`, sh(ny, nmon, 3, 9), committee);
  await activity('theme_day', `${nmon + 1}月主题党日`, sh(ny, nmon, 12, 14), null);
  // tomorrow, for the reminders: the whole branch, starting at a branch-dependent hour
  const tomorrow = await activity('theme_day', '志愿服务主题党日', now + DAY + ((b % 10) + 1) * HOUR, null);
  // the year documents the `summaries` timer would have folded (repos/branch-years.ts)
  for (const [year, acts] of summaries)
    await w.put('branch_years', {
      _id: `${bid}:${year}`,
      branchId: bid,
      ...packYear(yearTotals(year, acts, now)),
      updatedAt: now,
    });
  if (!recentMeeting) recentMeeting = `${bid}a1`;
  const v = await volunteerAndProjects(w, r, bid, name, active, names, now);
  return { id: bid, name, size, active, secretary, recentMeeting, tomorrow, ...v };
}

/**
 * 先锋领航 and projects, per branch (shapes of repos/teams, team-members, signups, volunteer-hours,
 * volunteer-days, projects, project-tasks, project-claims): one volunteer team of the branch (member 1
 * leads; 40% of the active members), a monthly event for a year with 60% of the team signed up and
 * their confirmed hours (last month's still pending, in the leader's queue); two projects — one
 * active with 6 tasks claimed by members (some waiting for approval or review), one closed.
 */
async function volunteerAndProjects(
  w: Writer,
  r: () => number,
  bid: string,
  branchName: string,
  active: string[],
  names: Record<string, string>,
  now: number,
): Promise<{ teamId: string; teamLeader: string; volunteer: string; projectLead: string }> {
  const teamId = `${bid}t`;
  const leader = active[1] ?? active[0];
  const created = now - 400 * DAY;
  await w.put('teams', {
    _id: teamId,
    name: `${branchName}志愿服务队`,
    parentTeamId: null,
    leaders: [leader],
    rules: DEFAULT_HOURS_RULES,
    archived: false,
    createdBy: 'admin',
    createdAt: created,
    updatedAt: created,
  });
  const team = active.filter((id, i) => i === 1 || i === 7 || r() < 0.4);
  for (const m of team)
    await w.put('team_members', {
      _id: `${teamId}:${m}`,
      teamId,
      memberId: m,
      memberName: names[m],
      branchId: bid,
      status: 'active',
      requestedAt: created,
      decidedAt: created,
      decidedBy: leader,
      updatedAt: created,
    });
  const days = new Map<string, number>();
  for (let k = 12; k >= 1; k--) {
    const startAt = now - k * 30 * DAY + 2 * HOUR;
    const endAt = startAt + 3 * HOUR;
    const id = `${teamId}e${k}`;
    const signed = team.filter(() => r() < 0.6);
    await w.put('activities', {
      _id: id,
      branchId: `team:${teamId}`,
      teamId,
      type: 'volunteer',
      title: `社区义诊第${13 - k}期`,
      siteId: null,
      startAt,
      endAt,
      status: 'scheduled',
      checkin: {
        opensAt: null,
        closesAt: null,
        proof: 'either',
        requireLocation: false,
        approval: 'risk',
        codePeriodSec: 15,
        checkOut: true,
      },
      expectedMemberIds: signed,
      volunteer: { capacity: Math.max(signed.length, 10), signedUp: signed.length, signupClosesAt: startAt },
      secret: 'k'.repeat(32),
      createdBy: leader,
      createdAt: startAt - 14 * DAY,
      updatedAt: startAt - 14 * DAY,
    });
    const day = new Date(startAt + 8 * HOUR).toISOString().slice(0, 10);
    for (const m of signed) {
      await w.put('signups', {
        _id: `${id}:${m}`,
        activityId: id,
        teamId,
        memberId: m,
        memberName: names[m],
        status: 'signed_up',
        signedUpAt: startAt - 7 * DAY,
        updatedAt: startAt - 7 * DAY,
      });
      const ch = 200 + 50 * Math.floor(r() * 3);
      const pending = k === 1;
      await w.put('volunteer_hours', {
        _id: `${id}:${m}:h`,
        kind: 'verified',
        status: pending ? 'pending' : 'confirmed',
        memberId: m,
        memberName: names[m],
        teamId,
        activityId: id,
        checkinId: `${id}:${m}`,
        title: `社区义诊第${13 - k}期`,
        date: startAt,
        day,
        ch: pending ? 0 : ch,
        proposedCh: ch,
        flags: [],
        checkinAt: startAt,
        checkoutAt: endAt,
        createdBy: 'system',
        createdAt: endAt,
        ...(pending ? {} : { decidedBy: leader, decidedAt: endAt + DAY }),
        updatedAt: pending ? endAt : endAt + DAY,
      });
      if (!pending) days.set(`${m}:${day}`, (days.get(`${m}:${day}`) ?? 0) + ch);
    }
  }
  for (const [key, ch] of days) {
    const [memberId, day] = key.split(':');
    await w.put('volunteer_days', { _id: key, memberId, day, ch, updatedAt: now });
  }

  // projects: one active (6 tasks of 3 seats, claims in every open state), one closed last year
  const lead = active[2] ?? active[0];
  for (const [pi, status] of [
    [0, 'active'],
    [1, 'closed'],
  ] as const) {
    const pid = `${bid}p${pi}`;
    const createdAt = now - (pi === 0 ? 40 : 300) * DAY;
    await w.put('projects', {
      _id: pid,
      branchId: bid,
      title: pi === 0 ? '门诊流程优化攻坚' : '病历质控专项',
      goal: '缩短患者平均等候时间',
      category: null,
      startAt: createdAt,
      dueAt: createdAt + 90 * DAY,
      leaderMemberId: lead,
      openTo: 'branch',
      status,
      createdBy: active[0],
      createdAt,
      updatedAt: createdAt,
      activatedAt: createdAt,
      closedAt: status === 'closed' ? createdAt + 90 * DAY : null,
      closeReason: status === 'closed' ? '已完成' : null,
    });
    for (let ti = 0; ti < 6; ti++) {
      const tid = `${pid}t${ti}`;
      const claimers = active.slice(3 + ti * 3, 6 + ti * 3);
      await w.put('project_tasks', {
        _id: tid,
        projectId: pid,
        branchId: bid,
        projectStatus: status,
        openTo: 'branch',
        leaderMemberId: lead,
        title: `岗位${ti + 1}`,
        duty: '按期提交改进方案',
        capacity: 3,
        taken: status === 'active' ? claimers.length : 0,
        dueAt: createdAt + 90 * DAY,
        requiresApproval: ti % 2 === 0,
        evidenceRequired: false,
        reviewerMemberId: null,
        overdueCheckAt: status === 'active' ? createdAt + 90 * DAY + 1 : null,
        overdueAt: null,
        createdBy: lead,
        createdAt,
        updatedAt: createdAt,
      });
      for (const [ci, m] of claimers.entries()) {
        const st =
          status === 'closed'
            ? 'done'
            : ci === 0 && ti % 2 === 0
              ? 'pending'
              : ci === 1
                ? 'in_review'
                : 'active';
        const at = createdAt + (ti + ci + 1) * DAY;
        await w.put('project_claims', {
          _id: `${tid}:${m}`,
          taskId: tid,
          projectId: pid,
          branchId: bid,
          memberId: m,
          memberBranchId: bid,
          status: st,
          round: 1,
          claimedAt: at,
          approvedAt: st === 'pending' ? null : at,
          idleFrom: at,
          idleLimitMs: 14 * DAY,
          warnedAt: null,
          warnChannel: null,
          // quiet: the idle timer has nothing due in the measured window
          idleCheckAt: st === 'active' ? now + 30 * DAY : null,
          lastProgressAt: null,
          result: st === 'in_review' || st === 'done' ? '方案已提交' : null,
          resultEvidence: [],
          submittedAt: st === 'in_review' || st === 'done' ? at + DAY : null,
          rating: null,
          reviewedBy: st === 'done' ? lead : null,
          reviewedAt: st === 'done' ? at + 2 * DAY : null,
          returnReason: null,
          endedAt: st === 'done' ? at + 2 * DAY : null,
          endReason: null,
          updatedAt: at,
        });
      }
    }
  }
  return { teamId, teamLeader: leader, volunteer: active[7] ?? active[active.length - 1], projectLead: lead };
}

// a generating thread (runPart): do its share, report, and let the main thread end it
if (!isMainThread && (workerData as PartJob | undefined)?.kind === 'scale-gen') {
  generatePart(workerData as PartJob).catch((e: unknown) =>
    parentPort?.postMessage({
      kind: 'error',
      message: String((e as Error)?.stack ?? e),
    } satisfies PartMessage),
  );
}
