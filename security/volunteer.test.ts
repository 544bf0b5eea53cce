import { useLocalCloud } from '../testing/cloud';
import { HOUR } from '../testing/clock';
import { addBranches, memberDoc } from '../testing/fixtures';
import type { Envelope } from '../types/envelope';
import { API_SCHEMAS } from '../types/api';
import { fingerprint as fingerprintOf } from './fixtures';

/**
 * 先锋领航: every volunteer action × every caller kind (authorisation matrix), and bad payloads
 * (INVALID_ARGUMENT naming the fields, nothing written). Team A is led by `leadA`; `leadB` leads
 * the sibling team B and must be able to do nothing in A.
 */
const cloud = useLocalCloud({ env: { APP_ADMIN_OPENIDS: 'o_boot' } });

const CALLERS = ['anon', 'unbound', 'pending', 'member', 'teamMember', 'leadB', 'leadA', 'admin'] as const;
type CallerKind = (typeof CALLERS)[number];
const DENIALS = new Set(['UNAUTHENTICATED', 'NOT_BOUND', 'FORBIDDEN']);
const VOLUNTEER_COLLECTIONS = [
  'teams',
  'team_members',
  'signups',
  'volunteer_hours',
  'volunteer_days',
  'volunteer_totals',
  'certificates',
  'evidence_files',
  'activities',
  'audit',
  'exports',
];

const openid = (c: CallerKind) =>
  c === 'anon' ? undefined : c === 'unbound' ? 'o_nobody' : c === 'admin' ? 'o_boot' : `o_${c}`;
async function call(action: string, payload: unknown, who: CallerKind): Promise<Envelope<unknown>> {
  return cloud.call('volunteer', { action, payload }, openid(who));
}
async function must<T>(action: string, payload: unknown, who: CallerKind): Promise<T> {
  const r = await call(action, payload, who);
  if (!r.ok) throw new Error(`${action} as ${who}: ${JSON.stringify(r.error)}`);
  return r.data as T;
}

let t0 = 0;
let teamA = '';
let teamB = '';
let eventA = '';
let hoursA = '';
let certNo = '';

beforeAll(async () => {
  t0 = await cloud.clock.now();
  await addBranches(cloud, t0, ['b1', 'b2']);
  for (const p of [
    memberDoc(t0, 'leadA', 'b1'),
    memberDoc(t0, 'leadB', 'b2'),
    memberDoc(t0, 'member', 'b1'),
    memberDoc(t0, 'teamMember', 'b2'),
    memberDoc(t0, 'pending', 'b1', ['member'], { status: 'pending' }),
  ])
    await cloud.db().collection('members').add(p);
  teamA = (await must<{ id: string }>('createTeam', { name: '队A' }, 'admin')).id;
  teamB = (await must<{ id: string }>('createTeam', { name: '队B' }, 'admin')).id;
  await must('setLeaders', { teamId: teamA, memberIds: ['leadA'] }, 'admin');
  await must('setLeaders', { teamId: teamB, memberIds: ['leadB'] }, 'admin');
  await must('addMember', { teamId: teamA, memberId: 'teamMember' }, 'leadA');
  eventA = (
    await must<{ activityId: string }>(
      'createEvent',
      { teamId: teamA, title: '义诊', startAt: t0 + HOUR, endAt: t0 + 3 * HOUR, capacity: 20 },
      'leadA',
    )
  ).activityId;
  await must('signUp', { activityId: eventA }, 'teamMember');
  await cloud.clock.set(t0 + 4 * HOUR);
  hoursA = (
    await must<{ recordId: string }>(
      'addHours',
      { activityId: eventA, memberId: 'teamMember', hours: 1, reason: '现场服务' },
      'leadA',
    )
  ).recordId;
  certNo = (
    await must<{ certificateNo: string }>(
      'issueCertificate',
      { teamId: teamA, from: t0 - HOUR, to: t0 + 5 * HOUR },
      'teamMember',
    )
  ).certificateNo;
}, 120_000);

// `admin` is a bootstrap admin (APP_ADMIN_OPENIDS) with no roster row: a member's own actions
// (sign up, report, my hours) answer NOT_BOUND for it; it may do whatever a leader does.
const anyMember: CallerKind[] = ['member', 'teamMember', 'leadB', 'leadA'];
const leaderA: CallerKind[] = ['leadA', 'admin'];

/** Per action: a payload about team A, and who may act. */
function cases(): Record<string, { payload: () => unknown; allowed: CallerKind[] }> {
  const range = () => ({ teamId: teamA, from: t0 - HOUR, to: t0 + 5 * HOUR });
  return {
    createTeam: { payload: () => ({ name: `矩阵队${Math.random()}` }), allowed: ['admin'] },
    updateTeamRules: { payload: () => ({ teamId: teamA, rules: { stepHours: 0.5 } }), allowed: ['admin'] },
    setLeaders: { payload: () => ({ teamId: teamA, memberIds: ['leadA'] }), allowed: ['admin'] },
    listTeams: { payload: () => ({}), allowed: anyMember },
    join: { payload: () => ({ teamId: teamB }), allowed: anyMember },
    addMember: { payload: () => ({ teamId: teamA, memberId: 'teamMember' }), allowed: leaderA },
    reviewJoin: {
      payload: () => ({ teamId: teamA, memberId: 'member', decision: 'reject', reason: '名额已满' }),
      allowed: leaderA,
    },
    teamMembers: { payload: () => ({ teamId: teamA }), allowed: leaderA },
    createEvent: {
      payload: () => ({
        teamId: teamA,
        title: '矩阵',
        startAt: t0 + 10 * HOUR,
        endAt: t0 + 11 * HOUR,
        capacity: 2,
      }),
      allowed: leaderA,
    },
    listEvents: { payload: () => ({ teamId: teamA }), allowed: anyMember },
    signUp: { payload: () => ({ activityId: eventA }), allowed: anyMember },
    cancelSignUp: { payload: () => ({ activityId: eventA }), allowed: anyMember },
    eventSignups: { payload: () => ({ activityId: eventA }), allowed: leaderA },
    mySignups: { payload: () => ({}), allowed: anyMember },
    hoursQueue: { payload: () => ({ teamId: teamA }), allowed: leaderA },
    confirmHours: {
      payload: () => ({ items: [{ id: hoursA, decision: 'reject', reason: '重复' }] }),
      allowed: ['leadB', 'leadA', 'admin'],
    },
    addHours: {
      payload: () => ({ activityId: eventA, memberId: 'teamMember', hours: 0.5, reason: '补录' }),
      allowed: leaderA,
    },
    correctHours: { payload: () => ({ recordId: hoursA, hours: 1, reason: '更正' }), allowed: leaderA },
    uploadEvidence: {
      payload: () => ({
        contentType: 'image/png',
        contentBase64: Buffer.from('not a png at all!').toString('base64'),
      }),
      allowed: anyMember,
    },
    report: {
      payload: () => ({ teamId: teamA, title: '服务', date: t0, hours: 1, description: '说明' }),
      allowed: anyMember,
    },
    myHours: { payload: () => ({}), allowed: anyMember },
    issueCertificate: {
      payload: () => ({ ...range(), memberId: 'teamMember' }),
      allowed: ['teamMember', 'leadA', 'admin'],
    },
    myCertificates: { payload: () => ({}), allowed: anyMember },
    verifyCertificate: {
      payload: () => ({ certificateNo: certNo, verifyCode: 'WRONGCODE1' }),
      allowed: ['unbound', 'pending', ...anyMember, 'admin'],
    },
    stats: { payload: range, allowed: leaderA },
    export: { payload: range, allowed: leaderA },
  };
}

describe('authorisation matrix: every volunteer action × every caller kind', () => {
  it('covers every action of the contract', () => {
    expect(Object.keys(cases()).sort()).toEqual(Object.keys(API_SCHEMAS.volunteer).sort());
  });

  for (const action of Object.keys(API_SCHEMAS.volunteer)) {
    it(action, async () => {
      const c = cases()[action];
      const got: Record<string, string> = {};
      for (const who of CALLERS) {
        const r = await call(action, c.payload(), who);
        got[who] = r.ok ? 'ok' : DENIALS.has(r.error.code) ? r.error.code : `allowed:${r.error.code}`;
      }
      const expected: Record<string, string> = {};
      for (const who of CALLERS) {
        if (c.allowed.includes(who)) expected[who] = got[who].startsWith('allowed:') ? got[who] : 'ok';
        else
          expected[who] =
            who === 'anon'
              ? 'UNAUTHENTICATED'
              : who === 'unbound' || who === 'pending' || who === 'admin'
                ? 'NOT_BOUND'
                : 'FORBIDDEN';
      }
      // a denial is never a domain code; an allowed caller never gets a denial
      expect(got).toEqual(expected);
    });
  }

  it('confirmHours answers FORBIDDEN per item for a leader of another team, and changes nothing', async () => {
    const h = await cloud.db().collection('volunteer_hours').doc(hoursA).get();
    const r = await call(
      'confirmHours',
      { items: [{ id: hoursA, decision: 'approve', reason: 'x' }] },
      'leadB',
    );
    expect(r).toEqual({ ok: true, data: [{ id: hoursA, ok: false, code: 'FORBIDDEN' }] });
    expect((await cloud.db().collection('volunteer_hours').doc(hoursA).get()).data).toEqual(h.data);
  });

  it('a member sees only their own hours', async () => {
    const r = (await must<{ records: { id: string }[] }>('myHours', {}, 'member')).records;
    expect(r).toEqual([]);
  });
});

describe('bad input: INVALID_ARGUMENT naming the fields, nothing written', () => {
  const bad: [string, unknown, string][] = [
    ['createTeam', { name: '' }, 'payload.name'],
    ['createTeam', { name: 'x', rules: { stepHours: 0.333 } }, 'payload.rules.stepHours'],
    ['createTeam', { name: 'x', rules: { minStayRatio: 1.5 } }, 'payload.rules.minStayRatio'],
    ['createTeam', { name: 'x', extra: 1 }, 'payload'],
    ['setLeaders', { teamId: 't', memberIds: ['a', 'a'] }, 'payload.memberIds'],
    ['createEvent', { teamId: 't', title: 'x', startAt: 2, endAt: 1, capacity: 3 }, 'payload.endAt'],
    ['createEvent', { teamId: 't', title: 'x', startAt: 1, endAt: 2, capacity: 0 }, 'payload.capacity'],
    [
      'createEvent',
      { teamId: 't', title: 'x', startAt: 10, endAt: 20, capacity: 1, signupClosesAt: 11 },
      'payload.signupClosesAt',
    ],
    ['signUp', { activityId: 5 }, 'payload.activityId'],
    ['confirmHours', { items: [] }, 'payload.items'],
    ['confirmHours', { items: [{ id: 'a', decision: 'maybe' }] }, 'payload.items.0.decision'],
    ['confirmHours', { items: [{ id: 'a', decision: 'approve', hours: 2 }] }, 'payload.items.0.reason'],
    ['addHours', { activityId: 'a', memberId: 'm', hours: 0, reason: 'r' }, 'payload.hours'],
    ['addHours', { activityId: 'a', memberId: 'm', hours: -1, reason: 'r' }, 'payload.hours'],
    ['addHours', { activityId: 'a', memberId: 'm', hours: 25, reason: 'r' }, 'payload.hours'],
    ['report', { teamId: 't', title: 'x', date: 'yesterday', hours: 1, description: 'd' }, 'payload.date'],
    [
      'report',
      { teamId: 't', title: 'x', date: 1, hours: 1, description: 'd', evidenceFileIds: Array(7).fill('f') },
      'payload.evidenceFileIds',
    ],
    [
      'uploadEvidence',
      { contentType: 'image/gif', contentBase64: 'R0lGODlhAQABAAAAACw=' },
      'payload.contentType',
    ],
    ['myHours', { from: 10, to: 5 }, 'payload.to'],
    ['issueCertificate', { teamId: 't', from: 10 }, 'payload.to'],
    ['verifyCertificate', { certificateNo: '' }, 'payload.certificateNo'],
    ['stats', { teamId: 't', from: 'x', to: 1 }, 'payload.from'],
  ];
  it.each(bad)('%s %j → %s', async (action, payload, field) => {
    const before = await fingerprintOf(cloud, VOLUNTEER_COLLECTIONS);
    const r = await call(action, payload, 'admin');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('INVALID_ARGUMENT');
    const fields = ((r.error.details as { fields?: { path: string }[] })?.fields ?? []).map((f) => f.path);
    expect(fields.some((f) => f === field || f.startsWith(`${field}.`))).toBe(true);
    expect(await fingerprintOf(cloud, VOLUNTEER_COLLECTIONS)).toBe(before);
  });
});
