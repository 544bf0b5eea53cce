/**
 * Demo data, part 2 (issue 5): frontline sites (一线阵地) around the campus, and activities — one
 * RUNNING NOW in every branch but the silent ones (its check-in window is open for the next hours after `npm start`),
 * upcoming ones, and past ones with check-ins (present, a pending out-of-fence one, absentees) so
 * attendance, statistics and reminders have history to work on. Times are relative to the seed
 * time. Written through the real SDK in the stored shapes of cloudfunctions/core/repos.
 *
 * Deterministic ids: sites `site-<branch>-<n>`, activities `act-<branch>-<slug>`; site codes are
 * derived from the site id (DEMO_SITE_CODE) so demos and e2e tests can name them. Activity secrets
 * are fresh random values on every seed.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToBase64url, newActivitySecret } from '../../cloudfunctions/core/domain/rotating-code';
import type { ActivityDoc } from '../../cloudfunctions/core/repos/activities';
import type { CheckinDoc } from '../../cloudfunctions/core/repos/checkins';
import type { SiteDoc } from '../../cloudfunctions/core/repos/sites';
import type { ActivityType, SiteKind } from '../../types/activity';
import type { SeedContext } from './members';

type App = { database(): { collection(name: string): { add(data: unknown): Promise<unknown> } } };

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/** The campus (a medical university in Hangzhou) and its teaching hospital, WGS-84. */
const CAMPUS = { lat: 30.2932, lng: 120.0865 };
const HOSPITAL = { lat: 30.2561, lng: 120.1752 };
const COMMUNITY = { lat: 30.2778, lng: 120.1203 };

interface SiteSpec {
  name: string;
  kind: SiteKind;
  /** offset from the anchor in metres (north, east) */
  at: { anchor: { lat: number; lng: number }; n: number; e: number };
  radiusM: number;
  address: string;
  wifiBssids?: string[];
}

const SITES: Record<string, SiteSpec[]> = {
  'br-neike': [
    {
      name: '内科学教研室（教学楼B座402）',
      kind: 'teaching_office',
      at: { anchor: CAMPUS, n: 120, e: -80 },
      radiusM: 80,
      address: '教学楼B座402',
    },
    {
      name: '附一院内科示教室',
      kind: 'clinical_skills_center',
      at: { anchor: HOSPITAL, n: 40, e: 30 },
      radiusM: 100,
      address: '附属第一医院门诊楼5楼',
    },
  ],
  'br-bingli': [
    {
      name: '病理学实验室 A301',
      kind: 'lab',
      at: { anchor: CAMPUS, n: -150, e: 210 },
      radiusM: 60,
      address: '基础医学楼A301',
      wifiBssids: ['3c:52:82:1a:30:01'],
    },
    {
      name: '数字病理切片室',
      kind: 'lab',
      at: { anchor: CAMPUS, n: -170, e: 240 },
      radiusM: 50,
      address: '基础医学楼A312',
    },
  ],
  'br-zuzhi': [
    {
      name: '组织部党员活动室',
      kind: 'service_window',
      at: { anchor: CAMPUS, n: 300, e: 40 },
      radiusM: 60,
      address: '行政楼203',
    },
  ],
  'br-bk2023': [
    {
      name: '临床技能训练中心',
      kind: 'clinical_skills_center',
      at: { anchor: CAMPUS, n: -40, e: -260 },
      radiusM: 120,
      address: '临床技能中心一楼',
    },
    {
      name: '翠苑社区义诊点',
      kind: 'community_clinic',
      at: { anchor: COMMUNITY, n: 0, e: 0 },
      radiusM: 150,
      address: '翠苑街道社区卫生服务中心门前广场',
    },
  ],
  'br-jizhen': [
    {
      name: '急诊科示教室',
      kind: 'clinical_skills_center',
      at: { anchor: HOSPITAL, n: -60, e: 90 },
      radiusM: 80,
      address: '附属第一医院急诊楼2楼',
    },
  ],
  'br-gongwei': [
    {
      name: '流行病学现场调查基地',
      kind: 'internship_base',
      at: { anchor: COMMUNITY, n: 350, e: -200 },
      radiusM: 200,
      address: '西湖区疾控中心',
    },
  ],
  'br-huliyjs': [
    {
      name: '护理学院实训室',
      kind: 'teaching_office',
      at: { anchor: CAMPUS, n: 60, e: 330 },
      radiusM: 80,
      address: '护理楼305',
    },
  ],
  'br-litui': [
    {
      name: '离退休党员活动中心',
      kind: 'other',
      at: { anchor: CAMPUS, n: 420, e: -150 },
      radiusM: 100,
      address: '老干部活动中心一楼',
    },
  ],
};

/** The static site code of a demo site: derived from its id (URL- and scene-safe, 10 chars). */
export function DEMO_SITE_CODE(siteId: string): string {
  return bytesToBase64url(sha256(new TextEncoder().encode(`demo-site|${siteId}`))).slice(0, 10);
}

function offset(p: { lat: number; lng: number }, northM: number, eastM: number) {
  const lat = p.lat + northM / 111_320;
  const lng = p.lng + eastM / (111_320 * Math.cos((p.lat * Math.PI) / 180));
  return { lat: Math.round(lat * 1e6) / 1e6, lng: Math.round(lng * 1e6) / 1e6 };
}

interface Plan {
  slug: string;
  type: ActivityType;
  title: string;
  start: number;
  durationMin: number;
  site: number;
  proof?: ActivityDoc['checkin']['proof'];
  approval?: ActivityDoc['checkin']['approval'];
  requireLocation?: boolean;
  checkOut?: boolean;
  closesAfterStartMin?: number;
  cancelReason?: string;
  description?: string;
}

/**
 * Branches that get past meetings here. The attendance seed (./attendance.ts) already gives
 * br-neike, br-bingli and br-bk2023 a history, and keeps br-zuzhi, br-huliyjs and br-litui silent
 * (the "no meeting for 30 days" warning), so those get none from this module.
 */
export const HISTORY_BRANCHES = ['br-jizhen', 'br-gongwei'];
/** Kept without any started activity (no running one either): the attendance seed's silent branches. */
export const SILENT_BRANCHES = ['br-zuzhi', 'br-huliyjs', 'br-litui'];

/** What every branch gets, relative to `now` (past ones stay inside the members' 30 days of binding). */
function plans(now: number, unit: string): Plan[] {
  const day = (d: number, h: number, m = 0) => {
    // d days from today, at h:m Asia/Shanghai
    const shanghaiMidnight = Math.floor((now + 8 * HOUR) / DAY) * DAY - 8 * HOUR;
    return shanghaiMidnight + d * DAY + h * HOUR + m * MIN;
  };
  return [
    {
      slug: 'p26',
      type: 'group_meeting',
      title: `党小组会：学习${unit}工作规范`,
      start: day(-26, 14),
      durationMin: 60,
      site: 0,
    },
    {
      slug: 'p19',
      type: 'committee_meeting',
      title: '支部委员会：研究本月重点工作',
      start: day(-19, 12, 30),
      durationMin: 45,
      site: 0,
      approval: 'auto',
    },
    {
      slug: 'p12',
      type: 'theme_day',
      title: '主题党日：走进一线，服务师生',
      start: day(-12, 9),
      durationMin: 120,
      site: 1,
      approval: 'risk',
      requireLocation: true,
      checkOut: true,
    },
    {
      slug: 'p8',
      type: 'party_lecture',
      title: '廉政党课：守住底线',
      start: day(-8, 15),
      durationMin: 90,
      site: 0,
      cancelReason: '主讲人临时出差，改期至下月，另行通知',
    },
    {
      slug: 'p5',
      type: 'branch_congress',
      title: '支部党员大会：第一议题学习与民主评议',
      start: day(-5, 14, 30),
      durationMin: 90,
      site: 0,
    },
    {
      slug: 'now',
      type: 'theme_day',
      title: `主题党日：${unit}一线现场学习`,
      start: now - 10 * MIN,
      durationMin: 120,
      site: 0,
      approval: 'risk',
      // open for the whole demo session after `npm start`
      closesAfterStartMin: 8 * 60,
      checkOut: true,
      description: '请到现场扫描书记手机上的动态二维码签到，或扫描门口张贴的阵地码（需开启定位）。',
    },
    {
      slug: 'u2',
      type: 'group_meeting',
      title: '党小组会：交流一线攻坚项目进展',
      start: day(2, 14),
      durationMin: 60,
      site: 0,
    },
    {
      slug: 'u9',
      type: 'volunteer',
      title: '先锋领航志愿服务：社区义诊',
      start: day(9, 8, 30),
      durationMin: 240,
      site: 1,
      requireLocation: true,
      checkOut: true,
      proof: 'either',
    },
    {
      slug: 'u5',
      type: 'committee_meeting',
      title: '支部委员会：讨论发展对象',
      start: day(5, 12, 30),
      durationMin: 45,
      site: 0,
      cancelReason: '书记临时参加上级会议，改期至下周，另行通知',
    },
    {
      slug: 'u16',
      type: 'party_lecture',
      title: '党课：新时代医德医风建设',
      start: day(16, 15),
      durationMin: 90,
      site: 0,
    },
  ];
}

/** A small deterministic PRNG so the past attendance is the same on every seed. */
function prng(seed: number) {
  let t = seed >>> 0;
  return () => {
    t += 0x6d2b79f5;
    let r = Math.imul(t ^ (t >>> 15), t | 1);
    r ^= r + Math.imul(r ^ (r >>> 7), r | 61);
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SeedActivitiesResult {
  sites: { id: string; branchId: string; code: string; name: string }[];
  activities: { id: string; branchId: string; slug: string; title: string; startAt: number }[];
  /** The activity running now in each branch (window open). */
  runningNow: Record<string, string>;
}

export async function seedActivities(
  app: App,
  ctx: SeedContext,
  now = Date.now(),
): Promise<SeedActivitiesResult> {
  const db = app.database();
  const rnd = prng(5_2026);
  const sites: SiteDoc[] = [];
  const activities: ActivityDoc[] = [];
  const checkins: CheckinDoc[] = [];
  const runningNow: Record<string, string> = {};

  for (const branch of ctx.branches) {
    const specs = SITES[branch.id] ?? [
      {
        name: `${branch.linkedUnit}活动室`,
        kind: 'other' as const,
        at: { anchor: CAMPUS, n: 0, e: 0 },
        radiusM: 100,
        address: branch.linkedUnit,
      },
    ];
    const branchSites = specs.map((s, i): SiteDoc => {
      const id = `site-${branch.id.replace(/^br-/, '')}-${i + 1}`;
      return {
        _id: id,
        branchId: branch.id,
        name: s.name,
        kind: s.kind,
        location: offset(s.at.anchor, s.at.n, s.at.e),
        radiusM: s.radiusM,
        wifiBssids: s.wifiBssids ?? [],
        address: s.address,
        code: DEMO_SITE_CODE(id),
        createdAt: now - 40 * DAY,
        updatedAt: now - 40 * DAY,
      };
    });
    sites.push(...branchSites);
    const secretary = ctx.secretaries.find((s) => s.branchId === branch.id);
    const active = ctx.members.filter((m) => m.branchId === branch.id && m.status === 'active');

    const withHistory = HISTORY_BRANCHES.includes(branch.id);
    for (const p of plans(now, branch.linkedUnit)) {
      if (p.slug.startsWith('p') && !withHistory) continue;
      if (p.slug === 'now' && SILENT_BRANCHES.includes(branch.id)) continue;
      const site = branchSites[Math.min(p.site, branchSites.length - 1)];
      const id = `act-${branch.id.replace(/^br-/, '')}-${p.slug}`;
      const doc: ActivityDoc = {
        _id: id,
        branchId: branch.id,
        type: p.type,
        title: p.title,
        siteId: site._id,
        startAt: p.start,
        endAt: p.start + p.durationMin * MIN,
        status: p.cancelReason ? 'cancelled' : 'scheduled',
        checkin: {
          opensAt: null,
          closesAt: p.closesAfterStartMin ? p.start + p.closesAfterStartMin * MIN : null,
          proof: p.proof ?? 'either',
          requireLocation: p.requireLocation ?? false,
          approval: p.approval ?? 'auto',
          codePeriodSec: 15,
          checkOut: p.checkOut ?? false,
        },
        expectedMemberIds: null,
        secret: newActivitySecret(),
        createdBy: secretary?.memberId ?? 'seed',
        createdAt: Math.min(now, p.start) - 7 * DAY,
        updatedAt: Math.min(now, p.start) - 7 * DAY,
      };
      if (p.cancelReason) {
        doc.cancelReason = p.cancelReason;
        doc.cancelledAt = p.start - 2 * DAY;
      }
      if (p.description) doc.description = p.description;
      activities.push(doc);
      if (p.slug === 'now') runningNow[branch.id] = id;

      // History: past, held meetings have check-ins — most present, one pending (out of the fence,
      // for the review queue), one or two absent (no record at all).
      const held = doc.status !== 'cancelled' && doc.endAt < now;
      if (!held) continue;
      active.forEach((m, i) => {
        const roll = rnd();
        if (roll < 0.12) return; // absent
        const lateness = Math.floor(rnd() * 25 * MIN) - 15 * MIN;
        const at = doc.startAt + lateness;
        const outside = i === active.length - 1 && p.requireLocation;
        const location = p.requireLocation
          ? outside
            ? offset(site.location, 900, 300)
            : offset(site.location, (rnd() - 0.5) * site.radiusM, (rnd() - 0.5) * site.radiusM)
          : null;
        const record: CheckinDoc = {
          _id: `${id}:${m.id}`,
          activityId: id,
          memberId: m.id,
          branchId: branch.id,
          memberName: m.name,
          status: outside ? 'pending' : 'approved',
          method: i % 3 === 0 && p.requireLocation ? 'site' : 'rotating',
          flags: outside ? ['outside_fence'] : [],
          at,
          checkedInAt: at,
          nonce: `seed-${id}-${m.id}`.slice(0, 64),
          deviceId: `seed-device-${m.id}`,
          location: location ? { ...location, accuracy: 15 + Math.round(rnd() * 30) } : null,
          evidence: { seeded: true },
          createdAt: at,
          updatedAt: at,
        };
        if (doc.checkin.checkOut && !outside) {
          const out = doc.endAt - Math.floor(rnd() * 20) * MIN;
          record.checkedOutAt = out;
          record.durationMin = Math.max(
            0,
            Math.floor((Math.min(out, doc.endAt) - Math.max(at, doc.startAt)) / MIN),
          );
        }
        checkins.push(record);
      });
    }
  }

  // The running activity already has a few check-ins, so the display's count starts above zero.
  for (const [branchId, activityId] of Object.entries(runningNow)) {
    const some = ctx.members.filter((m) => m.branchId === branchId && m.status === 'active').slice(-3);
    some.forEach((m, i) => {
      const at = now - (8 - i) * MIN;
      checkins.push({
        _id: `${activityId}:${m.id}`,
        activityId,
        memberId: m.id,
        branchId,
        memberName: m.name,
        status: 'approved',
        method: 'rotating',
        flags: [],
        at,
        checkedInAt: at,
        nonce: `seed-now-${m.id}`,
        deviceId: `seed-device-${m.id}`,
        location: null,
        evidence: { seeded: true },
        createdAt: at,
        updatedAt: at,
      });
    });
  }

  await db.collection('sites').add(sites);
  await db.collection('activities').add(activities);
  for (let i = 0; i < checkins.length; i += 500)
    await db.collection('checkins').add(checkins.slice(i, i + 500));

  return {
    sites: sites.map((s) => ({ id: s._id, branchId: s.branchId, code: s.code, name: s.name })),
    activities: activities.map((a) => ({
      id: a._id,
      branchId: a.branchId,
      slug: a._id.split('-').pop()!,
      title: a.title,
      startAt: a.startAt,
    })),
    runningNow,
  };
}
