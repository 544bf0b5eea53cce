/**
 * Demo data, 先锋领航 (issue 14; docs/volunteer.md): the volunteer team with two sub-teams, leaders,
 * members from several branches and join requests; past events with check-in / check-out records and
 * their hours (confirmed, pending clean, a stay without check-out, one too short), a pending report;
 * upcoming events with seats to take. Written in the stored shapes of core/repos, hours computed by
 * the same rule the server uses (core/domain/volunteer), so every screen shows real content.
 *
 * Logins: demo-m-25 leads the 总队 (and so both 分队), demo-m-1 leads 临床医学分队, demo-m-13 leads
 * 基础医学分队; demo-m-2 is a member with hours and a certificate to issue; demo-m-3 has a report
 * waiting; demo-m-5 and demo-m-17 asked to join.
 */
import type { ActivityDoc } from '../../cloudfunctions/core/repos/activities';
import type { CheckinDoc } from '../../cloudfunctions/core/repos/checkins';
import type { HoursDoc } from '../../cloudfunctions/core/repos/volunteer-hours';
import { DEFAULT_HOURS_RULES } from '../../types/volunteer';
import { proposeFromStay, shanghaiDay } from '../../cloudfunctions/core/domain/volunteer';
import type { SeedContext, SeedMember } from './members';
import { seedSecret } from './secret';

type App = { database(): { collection(name: string): { add(data: unknown): Promise<unknown> } } };

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

export const VOLUNTEER_TEAMS = { root: 'team-xflh', clinic: 'team-xflh-clinic', basic: 'team-xflh-basic' };
/** 翠苑社区义诊点 (scripts/seed/activities.ts, br-bk2023's second site). */
const CLINIC_SITE = 'site-bk2023-2';

/** 09:00 Asia/Shanghai `days` from the day of `now`. */
function at9(now: number, days: number): number {
  const d = new Date(now + 8 * HOUR);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + days, 1, 0, 0);
}

export interface SeedVolunteerResult {
  teams: typeof VOLUNTEER_TEAMS;
  events: string[];
  pendingHours: number;
  pendingReport: string;
}

export async function seedVolunteer(
  app: App,
  ctx: SeedContext,
  now = Date.now(),
): Promise<SeedVolunteerResult> {
  const db = app.database();
  const byOpenid = new Map(ctx.members.filter((m) => m.openid).map((m) => [m.openid!, m]));
  const who = (n: number): SeedMember => {
    const m = byOpenid.get(`demo-m-${n}`);
    if (!m) throw new Error(`seed: no demo-m-${n}`);
    return m;
  };
  const rootLeader = who(25);
  const clinicLeader = who(1);
  const basicLeader = who(13);
  const T = VOLUNTEER_TEAMS;
  const created = now - 90 * DAY;
  const team = (
    id: string,
    name: string,
    parent: string | null,
    leaders: SeedMember[],
    description: string,
  ) => ({
    _id: id,
    name,
    parentTeamId: parent,
    description,
    leaders: leaders.map((l) => l.id),
    rules: { ...DEFAULT_HOURS_RULES },
    archived: false,
    createdBy: 'openid:demo-admin',
    createdAt: created,
    updatedAt: created,
  });
  await db
    .collection('teams')
    .add([
      team(
        T.root,
        '先锋领航志愿服务总队',
        null,
        [rootLeader],
        '党员志愿服务：社区义诊、实验室开放日、教学帮扶',
      ),
      team(T.clinic, '临床医学分队', T.root, [clinicLeader], '社区义诊、健康宣教'),
      team(T.basic, '基础医学分队', T.root, [basicLeader], '实验室开放日、科普进社区'),
    ]);

  // Members: leaders, and active members of several branches in each sub-team.
  const clinicMembers = [clinicLeader, ...[2, 3, 4, 6, 7, 37, 38, 49, 50].map(who)];
  const basicMembers = [basicLeader, ...[2, 14, 15, 16, 61, 62, 73].map(who)];
  const rows: Record<string, unknown>[] = [];
  const row = (teamId: string, m: SeedMember, status: 'active' | 'pending', ago: number) => ({
    _id: `${teamId}:${m.id}`,
    teamId,
    memberId: m.id,
    memberName: m.name,
    branchId: m.branchId,
    status,
    requestedAt: now - ago,
    ...(status === 'active' ? { decidedAt: now - ago + HOUR, decidedBy: rootLeader.id } : {}),
    updatedAt: now - ago,
  });
  rows.push(row(T.root, rootLeader, 'active', 80 * DAY));
  clinicMembers.forEach((m) => rows.push(row(T.clinic, m, 'active', 60 * DAY)));
  basicMembers.forEach((m) => rows.push(row(T.basic, m, 'active', 60 * DAY)));
  rows.push(row(T.clinic, who(5), 'pending', 2 * DAY), row(T.basic, who(17), 'pending', DAY));
  await db.collection('team_members').add(rows);

  const activities: ActivityDoc[] = [];
  const signups: Record<string, unknown>[] = [];
  const checkins: CheckinDoc[] = [];
  const hours: HoursDoc[] = [];
  const days = new Map<string, number>();

  const event = (
    id: string,
    teamId: string,
    title: string,
    startAt: number,
    lengthH: number,
    capacity: number,
    leader: SeedMember,
    siteId: string | null,
    going: SeedMember[],
  ): ActivityDoc => {
    const a: ActivityDoc = {
      _id: id,
      branchId: `team:${teamId}`,
      teamId,
      type: 'volunteer',
      title,
      siteId,
      startAt,
      endAt: startAt + lengthH * HOUR,
      status: 'scheduled',
      checkin: {
        proof: 'either',
        requireLocation: !!siteId,
        approval: 'risk',
        codePeriodSec: 15,
        checkOut: true,
      },
      expectedMemberIds: going.map((m) => m.id),
      volunteer: { capacity, signedUp: going.length, signupClosesAt: startAt - 2 * HOUR },
      secret: seedSecret(id),
      createdBy: leader.id,
      createdAt: startAt - 10 * DAY,
      updatedAt: startAt - 10 * DAY,
    };
    activities.push(a);
    for (const m of going)
      signups.push({
        _id: `${id}:${m.id}`,
        activityId: id,
        teamId,
        memberId: m.id,
        memberName: m.name,
        status: 'signed_up',
        signedUpAt: startAt - 5 * DAY,
        updatedAt: startAt - 5 * DAY,
      });
    return a;
  };

  /** A stay at a past event, its check-in record and the hours the rule proposes for it. */
  const stay = (
    a: ActivityDoc,
    m: SeedMember,
    inMin: number,
    outMin: number | null,
    decided: 'confirmed' | 'pending',
    verified = true,
  ) => {
    const checkedInAt = a.startAt + inMin * MIN;
    const checkedOutAt = outMin === null ? null : a.startAt + outMin * MIN;
    const c: CheckinDoc = {
      _id: `${a._id}:${m.id}`,
      activityId: a._id,
      memberId: m.id,
      branchId: a.branchId,
      memberName: m.name,
      status: 'approved',
      method: 'rotating',
      flags: [],
      at: checkedInAt,
      checkedInAt,
      nonce: `seed-${a._id}-${m.id}`,
      deviceId: `seed-device-${m.id}`,
      location: null,
      evidence: { seeded: true },
      createdAt: checkedInAt,
      updatedAt: checkedOutAt ?? checkedInAt,
    };
    if (checkedOutAt !== null) {
      c.checkedOutAt = checkedOutAt;
      c.durationMin = Math.max(
        0,
        Math.floor((Math.min(checkedOutAt, a.endAt) - Math.max(checkedInAt, a.startAt)) / MIN),
      );
      c.durationVerified = verified;
      c.durationUnverifiedReason = verified ? null : 'no_location_proof';
    }
    checkins.push(c);
    const day = shanghaiDay(Math.max(checkedInAt, a.startAt));
    const held = days.get(`${m.id}:${day}`) ?? 0;
    const p = proposeFromStay({ startAt: a.startAt, endAt: a.endAt }, c, DEFAULT_HOURS_RULES, held);
    const status = decided === 'confirmed' && p.ch > 0 && p.flags.length === 0 ? 'confirmed' : 'pending';
    const h: HoursDoc = {
      _id: `v:${c._id}`,
      kind: 'verified',
      status,
      memberId: m.id,
      memberName: m.name,
      teamId: a.teamId!,
      activityId: a._id,
      checkinId: c._id,
      title: a.title,
      date: a.startAt,
      day: p.outcome.day,
      ch: p.ch,
      proposedCh: p.ch,
      flags: p.flags,
      checkinAt: checkedInAt,
      checkoutAt: checkedOutAt,
      computation: {
        outcome: p.outcome.kind,
        overlapMin: Math.floor(p.outcome.overlapMs / MIN),
        eventMin: Math.floor(p.outcome.eventMs / MIN),
      },
      createdBy: 'system',
      createdAt: a.endAt,
      updatedAt: a.endAt,
    };
    if (status === 'confirmed') {
      const leader = a.teamId === T.basic ? basicLeader : clinicLeader;
      h.decidedBy = leader.id === m.id ? rootLeader.id : leader.id;
      h.decidedAt = a.endAt + DAY;
      days.set(`${m.id}:${h.day}`, held + p.ch);
    }
    hours.push(h);
  };

  // Past: 临床 义诊 two weeks ago (all confirmed), 基础 开放日 10 days ago (confirmed), 临床 义诊
  // 3 days ago (waiting for the leader: clean stays, one without check-out, one too short).
  const clinicOld = event(
    'vol-clinic-1',
    T.clinic,
    '社区义诊：测血压与健康咨询',
    at9(now, -14),
    3,
    12,
    clinicLeader,
    CLINIC_SITE,
    clinicMembers.slice(0, 7),
  );
  clinicMembers.slice(0, 7).forEach((m, i) => stay(clinicOld, m, -10 + i, 175 + i * 2, 'confirmed'));
  const basicOld = event(
    'vol-basic-1',
    T.basic,
    '病理实验室开放日讲解',
    at9(now, -10) + 5 * HOUR,
    2,
    8,
    basicLeader,
    null,
    basicMembers.slice(0, 6),
  );
  basicMembers.slice(0, 6).forEach((m, i) => stay(basicOld, m, 0, 115 + i * 3, 'confirmed'));
  const clinicRecent = event(
    'vol-clinic-2',
    T.clinic,
    '社区义诊：慢病随访',
    at9(now, -3),
    3,
    10,
    clinicLeader,
    CLINIC_SITE,
    clinicMembers.slice(0, 8),
  );
  clinicMembers.slice(0, 5).forEach((m, i) => stay(clinicRecent, m, -5, 170 + i * 5, 'pending'));
  stay(clinicRecent, clinicMembers[5], 0, null, 'pending'); // never checked out → flagged
  stay(clinicRecent, clinicMembers[6], 20, 100, 'pending'); // 80 of 180 min: below half → 0, flagged
  stay(clinicRecent, clinicMembers[7], 0, 180, 'pending', false); // check-out without location → unverified

  // Upcoming: seats to take.
  event(
    'vol-clinic-3',
    T.clinic,
    '社区义诊：儿童生长发育咨询',
    at9(now, 2),
    3,
    10,
    clinicLeader,
    CLINIC_SITE,
    clinicMembers.slice(2, 6),
  );
  event(
    'vol-basic-2',
    T.basic,
    '科普进社区：认识显微镜',
    at9(now, 4) + 5 * HOUR,
    2,
    6,
    basicLeader,
    null,
    basicMembers.slice(1, 6),
  );

  // A member's report of service elsewhere, waiting for the leader.
  const reporter = who(3);
  const reportId = 'vol-report-1';
  hours.push({
    _id: reportId,
    kind: 'reported',
    status: 'pending',
    memberId: reporter.id,
    memberName: reporter.name,
    teamId: T.clinic,
    activityId: null,
    title: '市中心血站献血引导',
    date: at9(now, -5) + 4 * HOUR,
    day: shanghaiDay(at9(now, -5) + 4 * HOUR),
    ch: 300,
    proposedCh: 300,
    flags: ['no_evidence'],
    description: '周末在市中心血站协助献血者登记、引导体检流程，约3小时。',
    evidenceFileIds: [],
    createdBy: reporter.id,
    createdAt: now - 4 * DAY,
    updatedAt: now - 4 * DAY,
  });

  await db.collection('activities').add(activities);
  await db.collection('signups').add(signups);
  await db.collection('checkins').add(checkins);
  // No running totals (`volunteer_totals`) are written: the seed fills an empty database, so none
  // exist to go stale, and each member's first myHours rebuilds them from these entries.
  await db.collection('volunteer_hours').add(hours);
  const dayDocs = [...days.entries()].map(([k, ch]) => {
    const i = k.lastIndexOf(':');
    const memberId = k.slice(0, i);
    const day = k.slice(i + 1);
    return { _id: k, memberId, day, ch, updatedAt: now };
  });
  if (dayDocs.length > 0) await db.collection('volunteer_days').add(dayDocs);
  return {
    teams: T,
    events: activities.map((a) => a._id),
    pendingHours: hours.filter((h) => h.status === 'pending').length,
    pendingReport: reportId,
  };
}
