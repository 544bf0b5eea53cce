import { classifyAttendance, expectedMembers, isExpectedMember, rosterSummary } from './roster';
import type { CheckinFacts, MemberFacts, RequestFacts } from './model';

const START = Date.parse('2026-11-20T02:00:00Z');
const END = START + 2 * 60 * 60 * 1000;
const activity = { branchId: 'b1', endAt: END, expectedMemberIds: null };

const m = (id: string, over: Partial<MemberFacts> = {}): MemberFacts => ({
  id,
  name: `党员${id}`,
  branchId: 'b1',
  status: 'active',
  ...over,
});
const ci = (memberId: string, status: CheckinFacts['status'], method = 'rotating'): CheckinFacts => ({
  id: `c_${memberId}_${status}`,
  activityId: 'a1',
  memberId,
  status,
  method,
});
const rq = (memberId: string, kind: RequestFacts['kind'], status: RequestFacts['status']): RequestFacts => ({
  id: `r_${memberId}_${kind}`,
  kind,
  activityId: 'a1',
  memberId,
  status,
  reason: kind === 'leave' ? '门诊值班' : '手机没电',
});

describe('isExpectedMember', () => {
  it('expects every active member of the branch by default', () => {
    expect(isExpectedMember(activity, m('1'))).toBe(true);
  });

  it('does not expect pending or departed members, nor other branches', () => {
    expect(isExpectedMember(activity, m('1', { status: 'pending' }))).toBe(false);
    expect(isExpectedMember(activity, m('1', { status: 'left' }))).toBe(false);
    expect(isExpectedMember(activity, m('1', { branchId: 'b2' }))).toBe(false);
  });

  it('expects a member who joined after the activity was created, up to 1 ms before its end', () => {
    expect(isExpectedMember(activity, m('1', { boundAt: END - 1 }))).toBe(true);
  });

  it('does not count a member who joined at or after the end', () => {
    expect(isExpectedMember(activity, m('1', { boundAt: END }))).toBe(false);
  });

  it('uses the invitation list when the activity has one', () => {
    const group = { ...activity, expectedMemberIds: ['2'] };
    expect(expectedMembers(group, [m('1'), m('2'), m('3', { status: 'left' })]).map((x) => x.id)).toEqual([
      '2',
    ]);
  });

  it('never expects a member of another branch, even one an (old) invitation list names', () => {
    const listed = { ...activity, expectedMemberIds: ['1', 'x'] };
    expect(isExpectedMember(listed, m('x', { branchId: 'b2' }))).toBe(false);
    expect(expectedMembers(listed, [m('1'), m('x', { branchId: 'b2' })]).map((x) => x.id)).toEqual(['1']);
  });
});

describe('classifyAttendance', () => {
  const expected = [
    'p',
    'mk',
    'forced',
    'pend',
    'mkpend',
    'lv',
    'lvpend',
    'abs',
    'rej',
    'lvcame',
    'lvpendci',
  ].map((id) => m(id));
  const checkins = [
    ci('p', 'approved'),
    ci('mk', 'approved', 'makeup'),
    ci('forced', 'approved', 'manual'),
    ci('pend', 'pending'),
    ci('rej', 'rejected'),
    ci('lvcame', 'approved'),
    ci('lvpendci', 'pending'),
    ci('stranger', 'approved'),
  ];
  const requests = [
    rq('mkpend', 'makeup', 'pending'),
    rq('lv', 'leave', 'approved'),
    rq('lvpend', 'leave', 'pending'),
    rq('rej', 'leave', 'rejected'),
    rq('lvcame', 'leave', 'approved'),
    rq('lvpendci', 'leave', 'approved'),
  ];
  const byId = Object.fromEntries(
    classifyAttendance(expected, checkins, requests).map((x) => [x.memberId, x]),
  );

  it('counts an approved check-in of any method as present', () => {
    expect(byId.p).toMatchObject({ status: 'present', method: 'rotating', checkinId: 'c_p_approved' });
    expect(byId.mk).toMatchObject({ status: 'present', method: 'makeup' });
    expect(byId.forced).toMatchObject({ status: 'present', method: 'manual' });
  });

  it('keeps a pending check-in or make-up request pending', () => {
    expect(byId.pend).toMatchObject({ status: 'pending', pendingKinds: ['checkin'] });
    expect(byId.mkpend).toMatchObject({ status: 'pending', pendingKinds: ['makeup'] });
  });

  it('counts approved leave as excused, with its reason', () => {
    expect(byId.lv).toEqual({ memberId: 'lv', name: '党员lv', status: 'leave', reason: '门诊值班' });
  });

  it('keeps an undecided leave request pending', () => {
    expect(byId.lvpend).toMatchObject({ status: 'pending', pendingKinds: ['leave'] });
  });

  it('counts rejected records as nothing: absent', () => {
    expect(byId.rej.status).toBe('absent');
    expect(byId.abs.status).toBe('absent');
  });

  it('counts a member on leave who came anyway as present', () => {
    expect(byId.lvcame.status).toBe('present');
  });

  it('keeps a member on leave with a pending check-in pending until it is decided', () => {
    expect(byId.lvpendci).toMatchObject({ status: 'pending', pendingKinds: ['checkin'] });
  });

  it('answers only expected members', () => {
    expect(byId.stranger).toBeUndefined();
  });
});

describe('rosterSummary', () => {
  it('splits the roster into lists whose counts add up to expected', () => {
    const classified = classifyAttendance(
      [m('1'), m('2'), m('3'), m('4')],
      [ci('1', 'approved'), ci('2', 'pending')],
      [rq('3', 'leave', 'approved')],
    );
    const s = rosterSummary(classified);
    expect(s.counts).toEqual({ expected: 4, present: 1, pending: 1, leave: 1, absent: 1 });
    expect(s.absent.map((x) => x.memberId)).toEqual(['4']);
    expect(s.expected).toHaveLength(4);
  });

  it('handles an empty roster', () => {
    expect(rosterSummary([]).counts).toEqual({ expected: 0, present: 0, pending: 0, leave: 0, absent: 0 });
  });
});
