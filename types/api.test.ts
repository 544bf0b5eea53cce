import * as z from 'zod';
import { API_SCHEMAS, FUNCTION_NAMES } from './api';
import { ZCreateActivityInput, ZCreateSiteInput } from './activity';
import { ZCheckInInput } from './checkin';
import { ZImportRosterInput, ZSetRolesInput } from './member';
import { ZReviewInput, ZStatsInput } from './attendance';
/** An instant inside the accepted range (types/common.ts zInstant). */
const T0 = Date.UTC(2026, 11, 1);

/** Every action CONTRACT.md (v1) names: outside programs rely on these names. */
const CONTRACT_V1: Record<string, string[]> = {
  member: [
    'me',
    'listBranches',
    'createBranch',
    'importRoster',
    'bind',
    'reviewBinding',
    'listMembers',
    'setRoles',
  ],
  activity: ['createSite', 'create', 'get', 'listMine', 'listBranch', 'displayCode', 'siteCode', 'cancel'],
  checkin: ['checkIn', 'checkOut', 'myRecords'],
  attendance: [
    'queue',
    'review',
    'requestLeave',
    'requestMakeup',
    'manualAdd',
    'roster',
    'stats',
    'export',
    'audit',
  ],
  reminder: ['subscribe', 'credits', 'unreachable', 'nudge'],
  // v2
  volunteer: [
    'createTeam',
    'setLeaders',
    'listTeams',
    'join',
    'addMember',
    'reviewJoin',
    'createEvent',
    'listEvents',
    'signUp',
    'cancelSignUp',
    'hoursQueue',
    'confirmHours',
    'addHours',
    'report',
    'myHours',
    'issueCertificate',
    'verifyCertificate',
    'stats',
    'export',
  ],
};

const issues = (schema: z.ZodType, value: unknown) => {
  const r = schema.safeParse(value);
  return r.success
    ? []
    : r.error.issues.map((i) => i.path.join('.') || (i.code === 'unrecognized_keys' ? i.keys.join(',') : ''));
};

describe('API_SCHEMAS', () => {
  it('has the functions', () => {
    expect(FUNCTION_NAMES.sort()).toEqual([
      'activity',
      'attendance',
      'checkin',
      'member',
      'project',
      'reminder',
      'volunteer',
    ]);
  });

  it('has every action CONTRACT.md (v2) names for project', () => {
    for (const a of [
      'create',
      'addTask',
      'activate',
      'close',
      'list',
      'get',
      'claim',
      'reviewClaim',
      'release',
      'progress',
      'submit',
      'reviewResult',
      'myTasks',
      'history',
      'overview',
      'export',
    ])
      expect(Object.keys(API_SCHEMAS.project)).toContain(a);
  });

  for (const [fn, actions] of Object.entries(CONTRACT_V1)) {
    it(`${fn} has every contract action`, () => {
      const have = Object.keys(API_SCHEMAS[fn as keyof typeof API_SCHEMAS]);
      expect(have).toEqual(expect.arrayContaining(actions));
    });
  }

  it('every schema is strict: unknown payload keys are refused', () => {
    for (const fn of FUNCTION_NAMES) {
      for (const [action, schema] of Object.entries(API_SCHEMAS[fn])) {
        const r = (schema as z.ZodType).safeParse({ __unknown__: 1 });
        expect({ fn, action, refused: !r.success }).toEqual({ fn, action, refused: true });
        if (!r.success) expect(r.error.issues.some((i) => i.code === 'unrecognized_keys')).toBe(true);
      }
    }
  });
});

describe('input boundaries', () => {
  const site = {
    branchId: 'b1',
    name: '病理实验室',
    kind: 'lab',
    location: { lat: 31.2, lng: 121.4 },
    radiusM: 100,
  };
  it('createSite: latitude within ±90, longitude ±180, radius 10..5000', () => {
    expect(issues(ZCreateSiteInput, site)).toEqual([]);
    expect(issues(ZCreateSiteInput, { ...site, location: { lat: 90.0001, lng: 0 } })).toEqual([
      'location.lat',
    ]);
    expect(issues(ZCreateSiteInput, { ...site, location: { lat: -90, lng: -180.5 } })).toEqual([
      'location.lng',
    ]);
    expect(issues(ZCreateSiteInput, { ...site, radiusM: 9 })).toEqual(['radiusM']);
    expect(issues(ZCreateSiteInput, { ...site, radiusM: 10 })).toEqual([]);
    expect(issues(ZCreateSiteInput, { ...site, radiusM: 5000 })).toEqual([]);
    expect(issues(ZCreateSiteInput, { ...site, radiusM: 5001 })).toEqual(['radiusM']);
    expect(issues(ZCreateSiteInput, { ...site, kind: 'church' })).toEqual(['kind']);
    expect(issues(ZCreateSiteInput, { ...site, name: '   ' })).toEqual(['name']);
  });

  const activity = {
    branchId: 'b1',
    type: 'theme_day',
    title: '主题党日：走进社区义诊',
    startAt: '2026-12-01T14:00:00+08:00',
    endAt: Date.parse('2026-12-01T16:00:00+08:00'),
    checkin: { proof: 'rotating', approval: 'risk', codePeriodSec: 15 },
  };
  it('create: instants as ISO or epoch ms, end after start, code period 5..60', () => {
    const r = ZCreateActivityInput.parse(activity);
    expect(r.startAt).toBe(Date.parse('2026-12-01T06:00:00Z'));
    expect(issues(ZCreateActivityInput, { ...activity, endAt: r.startAt })).toEqual(['endAt']);
    expect(issues(ZCreateActivityInput, { ...activity, startAt: '2026-12-01' })).toEqual(['startAt']);
    expect(
      issues(ZCreateActivityInput, { ...activity, checkin: { ...activity.checkin, codePeriodSec: 4 } }),
    ).toEqual(['checkin.codePeriodSec']);
    expect(
      issues(ZCreateActivityInput, { ...activity, checkin: { ...activity.checkin, codePeriodSec: 61 } }),
    ).toEqual(['checkin.codePeriodSec']);
    expect(
      issues(ZCreateActivityInput, { ...activity, checkin: { ...activity.checkin, codePeriodSec: 5 } }),
    ).toEqual([]);
    expect(
      issues(ZCreateActivityInput, {
        ...activity,
        checkin: { ...activity.checkin, opensAt: T0 + 2000, closesAt: T0 + 1000 },
      }),
    ).toEqual(['checkin.closesAt']);
    expect(issues(ZCreateActivityInput, { ...activity, type: 'party' })).toEqual(['type']);
  });

  it('checkIn: nonce format, location accuracy, trimmed code', () => {
    const ok = { code: ' abc123 ', nonce: 'n0nce-0001', location: { lat: 31, lng: 121, accuracy: 12 } };
    expect(ZCheckInInput.parse(ok).code).toBe('abc123');
    expect(issues(ZCheckInInput, { ...ok, nonce: 'short' })).toEqual(['nonce']);
    expect(issues(ZCheckInInput, { ...ok, nonce: 'has space in it' })).toEqual(['nonce']);
    expect(issues(ZCheckInInput, { ...ok, location: { lat: 31, lng: 121 } })).toEqual(['location.accuracy']);
    expect(issues(ZCheckInInput, { ...ok, code: '' })).toEqual(['code']);
  });

  it('importRoster: exactly one source; rows checked leniently so bad rows become row errors', () => {
    const rows = [{ name: '', staffNo: '2019001', phone: 'not a phone' }];
    expect(issues(ZImportRosterInput, { branchId: 'b1', rows })).toEqual([]);
    expect(issues(ZImportRosterInput, { branchId: 'b1' })).toEqual(['rows']);
    expect(issues(ZImportRosterInput, { branchId: 'b1', rows, csv: 'a,b' })).toEqual(['rows']);
    expect(issues(ZImportRosterInput, { branchId: 'b1', rows: [{ name: 'x', staffNo: 5 }] })).toEqual([
      'rows.0.staffNo',
    ]);
  });

  it('setRoles / review / stats: enums, batch bounds, ranges', () => {
    expect(issues(ZSetRolesInput, { memberId: 'm', roles: ['member', 'owner'] })).toEqual(['roles.1']);
    expect(issues(ZReviewInput, { items: [] })).toEqual(['items']);
    expect(issues(ZReviewInput, { items: [{ id: 'c1', decision: 'maybe' }] })).toEqual(['items.0.decision']);
    expect(issues(ZStatsInput, { branchId: 'b', from: T0 + 2000, to: T0 + 1000 })).toEqual(['to']);
  });
});
