import type { ActivityFacts, MemberFacts } from '../attendance/model';
import {
  cancellationNotices,
  dueReminders,
  nudgeTargets,
  reachability,
  reminderKey,
  reminderKindAt,
  type DueInput,
} from './due';

const NOW = Date.parse('2026-11-27T02:00:00Z');
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

const act = (id: string, startAt: number, over: Partial<ActivityFacts> = {}): ActivityFacts => ({
  id,
  branchId: 'b1',
  type: 'committee_meeting',
  title: id,
  startAt,
  endAt: startAt + 2 * HOUR,
  status: 'scheduled',
  ...over,
});
const mem = (id: string, over: Partial<MemberFacts> = {}): MemberFacts => ({
  id,
  name: id,
  branchId: 'b1',
  status: 'active',
  ...over,
});
const credits = (n: number) => ({ meetingReminder: n, meetingCancelled: n });

function run(over: Partial<DueInput>) {
  return dueReminders({
    activities: [],
    members: [mem('m1')],
    leaves: [],
    credits: { m1: credits(5) },
    now: NOW,
    ...over,
  });
}
const kinds = (startAt: number) => run({ activities: [act('a', startAt)] }).due.map((r) => r.kind);

describe('reminderKindAt', () => {
  it('sends day_before at exactly 24 h', () => {
    expect(reminderKindAt(NOW + DAY, NOW)).toBe('day_before');
  });
  it('sends nothing 1 ms beyond 24 h', () => {
    expect(reminderKindAt(NOW + DAY + 1, NOW)).toBeNull();
  });
  it('still sends day_before 1 ms beyond 60 min', () => {
    expect(reminderKindAt(NOW + HOUR + 1, NOW)).toBe('day_before');
  });
  it('sends hour_before at exactly 60 min', () => {
    expect(reminderKindAt(NOW + HOUR, NOW)).toBe('hour_before');
  });
  it('sends hour_before 1 ms before the start and nothing at the start', () => {
    expect(reminderKindAt(NOW + 1, NOW)).toBe('hour_before');
    expect(reminderKindAt(NOW, NOW)).toBeNull();
    expect(reminderKindAt(NOW - 1, NOW)).toBeNull();
  });
});

describe('dueReminders', () => {
  it('is due at exactly 24 h and exactly 60 min, each with its own kind', () => {
    expect(kinds(NOW + DAY)).toEqual(['day_before']);
    expect(kinds(NOW + HOUR)).toEqual(['hour_before']);
    expect(kinds(NOW + DAY + 1)).toEqual([]);
  });

  it('sends only hour_before for an activity created 30 minutes before its start', () => {
    expect(kinds(NOW + 30 * MIN)).toEqual(['hour_before']);
  });

  it('skips a cancelled activity', () => {
    expect(run({ activities: [act('a', NOW + HOUR, { status: 'cancelled' })] }).due).toEqual([]);
  });

  it('skips a member on approved leave but reminds one whose leave is still pending', () => {
    const { due } = run({
      activities: [act('a', NOW + HOUR)],
      members: [mem('m1'), mem('m2')],
      credits: { m1: credits(1), m2: credits(1) },
      leaves: [
        { activityId: 'a', memberId: 'm1', kind: 'leave', status: 'approved' },
        { activityId: 'a', memberId: 'm2', kind: 'leave', status: 'pending' },
      ],
    });
    expect(due.map((r) => r.memberId)).toEqual(['m2']);
  });

  it('reminds a member who joined after the activity was created', () => {
    const a = act('a', NOW + HOUR);
    const { due } = run({
      activities: [a],
      members: [mem('late', { boundAt: NOW - MIN })],
      credits: { late: credits(1) },
    });
    expect(due).toEqual([{ activityId: 'a', memberId: 'late', kind: 'hour_before', startAt: a.startAt }]);
  });

  it('does not remind members who are not expected: other branch, pending binding, left, not invited', () => {
    const { due, noCredit } = run({
      activities: [act('a', NOW + HOUR), act('g', NOW + HOUR, { expectedMemberIds: ['m1'] })],
      members: [
        mem('m1'),
        mem('x', { branchId: 'b2' }),
        mem('p', { status: 'pending' }),
        mem('l', { status: 'left' }),
        mem('n'),
      ],
      credits: { m1: credits(5), x: credits(5), p: credits(5), l: credits(5), n: credits(5) },
    });
    expect(due.map((r) => `${r.activityId}/${r.memberId}`)).toEqual(['a/m1', 'a/n', 'g/m1']);
    expect(noCredit).toEqual([]);
  });

  it('puts members without credit apart', () => {
    const { due, noCredit } = run({ activities: [act('a', NOW + HOUR)], credits: {} });
    expect(due).toEqual([]);
    expect(noCredit.map((r) => r.memberId)).toEqual(['m1']);
  });

  it('spends a single credit on the soonest activity', () => {
    const { due, noCredit } = run({
      activities: [act('later', NOW + 5 * HOUR), act('soon', NOW + 30 * MIN)],
      credits: { m1: credits(1) },
    });
    expect(due.map((r) => r.activityId)).toEqual(['soon']);
    expect(noCredit.map((r) => r.activityId)).toEqual(['later']);
  });

  it('skips reminders already sent and members already checked in', () => {
    const { due } = run({
      activities: [act('a', NOW + HOUR), act('b', NOW + 2 * HOUR)],
      members: [mem('m1'), mem('m2')],
      credits: { m1: credits(5), m2: credits(5) },
      sent: [reminderKey('a', 'm1', 'hour_before')],
      checkins: [{ activityId: 'b', memberId: 'm2', status: 'pending' }],
    });
    expect(due.map((r) => `${r.activityId}/${r.memberId}/${r.kind}`)).toEqual([
      'a/m2/hour_before',
      'b/m1/day_before',
    ]);
  });

  it('still sends hour_before after day_before was sent', () => {
    const { due } = run({ activities: [act('a', NOW + HOUR)], sent: [reminderKey('a', 'm1', 'day_before')] });
    expect(due.map((r) => r.kind)).toEqual(['hour_before']);
  });
});

describe('reminderKey', () => {
  it('is deterministic per activity, member and kind', () => {
    expect(reminderKey('a1', 'm1', 'day_before')).toBe('a1:m1:day_before');
    expect(reminderKey('a1', 'm1', 'day_before')).not.toBe(reminderKey('a1', 'm1', 'hour_before'));
  });
});

describe('reachability', () => {
  it('splits the audience by credit and leaves out approved leave', () => {
    const r = reachability(
      act('a', NOW + DAY),
      [mem('m1'), mem('m2'), mem('m3')],
      [{ activityId: 'a', memberId: 'm3', kind: 'leave', status: 'approved' }],
      { m1: credits(1), m2: { meetingReminder: 0 }, m3: credits(0) },
    );
    expect(r.reachable.map((m) => m.id)).toEqual(['m1']);
    expect(r.unreachable.map((m) => m.id)).toEqual(['m2']);
  });
});

describe('nudgeTargets', () => {
  const a = act('a', NOW - 10 * MIN);
  const members = [mem('in'), mem('pend'), mem('leave'), mem('gone'), mem('nocredit')];
  const all = { in: credits(1), pend: credits(1), leave: credits(1), gone: credits(1), nocredit: credits(0) };

  it('nudges expected members not yet checked in, and lists those without credit', () => {
    const r = nudgeTargets(
      a,
      members,
      [{ activityId: 'a', memberId: 'leave', kind: 'leave', status: 'approved' }],
      [
        { activityId: 'a', memberId: 'in', status: 'approved' },
        { activityId: 'a', memberId: 'pend', status: 'pending' },
        { activityId: 'a', memberId: 'gone', status: 'rejected' },
      ],
      all,
    );
    expect(r.send.map((m) => m.id)).toEqual(['gone']);
    expect(r.unreachable.map((m) => m.id)).toEqual(['nocredit']);
  });

  it('nudges nobody for a cancelled activity', () => {
    expect(nudgeTargets({ ...a, status: 'cancelled' }, members, [], [], all)).toEqual({
      send: [],
      unreachable: [],
    });
  });
});

describe('cancellationNotices', () => {
  const cancelled = { id: 'a', status: 'cancelled', endAt: NOW + DAY };
  const reminded = [{ memberId: 'm1' }, { memberId: 'm1' }, { memberId: 'm2' }, { memberId: 'm3' }];
  const c = { m1: credits(1), m2: { meetingCancelled: 0 }, m3: credits(1) };

  it('notifies each reminded member once, from the cancellation credit', () => {
    expect(cancellationNotices({ activity: cancelled, reminded, credits: c, now: NOW })).toEqual({
      due: ['m1', 'm3'],
      noCredit: ['m2'],
    });
  });

  it('skips notices already sent', () => {
    const sent = [reminderKey('a', 'm3', 'cancelled')];
    expect(cancellationNotices({ activity: cancelled, reminded, credits: c, sent, now: NOW }).due).toEqual([
      'm1',
    ]);
  });

  it('sends nothing for a live activity or one that has ended', () => {
    expect(
      cancellationNotices({ activity: { ...cancelled, status: 'scheduled' }, reminded, credits: c, now: NOW })
        .due,
    ).toEqual([]);
    expect(cancellationNotices({ activity: cancelled, reminded, credits: c, now: NOW + DAY }).due).toEqual(
      [],
    );
  });
});
