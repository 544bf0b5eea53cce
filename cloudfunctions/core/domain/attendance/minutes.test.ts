import {
  canCompleteMinutes,
  minutesMissingFields,
  prefillMinutes,
  quorum,
  type MinutesDraft,
} from './minutes';
import { classifyAttendance, rosterSummary } from './roster';

const START = Date.parse('2026-11-20T06:00:00Z');
const activity = { id: 'a1', type: 'branch_congress' as const, startAt: START, endAt: START + 7_200_000 };

const complete: MinutesDraft = {
  activityId: 'a1',
  startAt: START,
  place: '临床技能中心 3 楼',
  chair: '张书记',
  recorder: '李四',
  firstTopic: '学习习近平总书记重要讲话精神',
  agenda: ['发展党员讨论'],
  keyPoints: '……',
  decisions: '同意接收王五为预备党员',
  attendance: { expected: 3, present: 2, leave: 1, absent: 0, pending: 0 },
  absentees: [{ memberId: 'm3', name: '赵六', reason: '请假：门诊值班' }],
};

describe('minutesMissingFields', () => {
  it('finds nothing missing in complete minutes', () => {
    expect(minutesMissingFields(complete)).toEqual([]);
  });

  it('lists every empty required field by path', () => {
    const paths = minutesMissingFields({ activityId: 'a1', chair: '  ', agenda: ['ok', ' '] }).map(
      (i) => i.path,
    );
    expect(paths).toEqual([
      'startAt',
      'place',
      'chair',
      'recorder',
      'firstTopic',
      'agenda.1',
      'keyPoints',
      'decisions',
      'attendance',
    ]);
  });

  it('needs a reason for each absentee', () => {
    const m = { ...complete, absentees: [{ memberId: 'm3', name: '赵六', reason: ' ' }] };
    expect(minutesMissingFields(m)).toEqual([
      { path: 'absentees.0.reason', message: expect.stringContaining('赵六') },
    ]);
  });

  it('needs as many absentees as expected minus present', () => {
    expect(minutesMissingFields({ ...complete, absentees: [] }).map((i) => i.path)).toEqual(['absentees']);
  });

  it('refuses more present than expected, and undecided attendance', () => {
    const m = { ...complete, attendance: { expected: 3, present: 2, leave: 0, absent: 0, pending: 1 } };
    expect(minutesMissingFields(m).map((i) => i.path)).toEqual(['attendance.pending']);
    const over = { ...complete, attendance: { expected: 1, present: 2, leave: 0, absent: 0 }, absentees: [] };
    expect(minutesMissingFields(over).map((i) => i.path)).toContain('attendance.present');
  });
});

describe('canCompleteMinutes', () => {
  it('allows complete minutes', () => {
    expect(canCompleteMinutes(complete, 'committee_meeting')).toEqual({ ok: true, warnings: [] });
  });

  it('answers MINUTES_INCOMPLETE with the missing fields in details', () => {
    const d = canCompleteMinutes({ ...complete, chair: '', decisions: null });
    expect(d).toMatchObject({
      ok: false,
      code: 'MINUTES_INCOMPLETE',
      details: { missing: ['chair', 'decisions'], fields: [{ path: 'chair' }, { path: 'decisions' }] },
    });
  });

  it('warns, without refusing, when a 支部党员大会 had no quorum', () => {
    const m = {
      ...complete,
      attendance: { expected: 4, present: 2, leave: 2, absent: 0 },
      absentees: [
        { memberId: 'x', name: 'x', reason: '请假' },
        { memberId: 'y', name: 'y', reason: '请假' },
      ],
    };
    expect(canCompleteMinutes(m, 'branch_congress')).toEqual({ ok: true, warnings: ['no_quorum'] });
    expect(canCompleteMinutes(m, 'party_lecture')).toEqual({ ok: true, warnings: [] });
  });
});

describe('quorum', () => {
  it('needs more than half: 2 of 4 is not enough, 3 of 4 is', () => {
    expect(quorum(4, 2)).toEqual({ needed: 3, present: 2, met: false });
    expect(quorum(4, 3).met).toBe(true);
  });

  it('needs 3 of 5 and 1 of 1', () => {
    expect(quorum(5, 3)).toEqual({ needed: 3, present: 3, met: true });
    expect(quorum(5, 2).met).toBe(false);
    expect(quorum(1, 1).met).toBe(true);
  });

  it('is not met with nobody expected', () => {
    expect(quorum(0, 0).met).toBe(false);
  });
});

describe('prefillMinutes', () => {
  const members = [
    { id: 'm1', name: '张三' },
    { id: 'm2', name: '李四' },
    { id: 'm3', name: '赵六' },
    { id: 'm4', name: '钱七' },
    { id: 'm5', name: '孙八' },
  ];
  const roster = rosterSummary(
    classifyAttendance(
      members,
      [
        { id: 'c1', activityId: 'a1', memberId: 'm1', status: 'approved', method: 'rotating' },
        { id: 'c2', activityId: 'a1', memberId: 'm2', status: 'approved', method: 'makeup' },
        { id: 'c5', activityId: 'a1', memberId: 'm5', status: 'pending', method: 'site' },
      ],
      [{ id: 'r3', kind: 'leave', activityId: 'a1', memberId: 'm3', status: 'approved', reason: '门诊值班' }],
    ),
  );

  it('fills time, place, attendance and absentees with reasons from the records', () => {
    const m = prefillMinutes(activity, { name: '临床技能中心' }, roster);
    expect(m).toMatchObject({
      activityId: 'a1',
      status: 'draft',
      startAt: START,
      endAt: START + 7_200_000,
      place: '临床技能中心',
      attendance: { expected: 5, present: 2, leave: 1, absent: 1, pending: 1 },
      absentees: [
        { memberId: 'm3', name: '赵六', kind: 'leave', reason: '请假：门诊值班' },
        { memberId: 'm4', name: '钱七', kind: 'absent', reason: '未请假' },
        { memberId: 'm5', name: '孙八', kind: 'pending', reason: '' },
      ],
      quorum: { needed: 3, present: 2, met: false, matters: true },
    });
  });

  it('stays incomplete while an attendance item is pending', () => {
    const m = prefillMinutes(activity, { name: '临床技能中心' }, roster, complete);
    expect(minutesMissingFields(m).map((i) => i.path)).toEqual(['attendance.pending', 'absentees.2.reason']);
  });

  it('keeps what the secretary typed and a typed reason for an unexcused absentee', () => {
    const typed: MinutesDraft = {
      ...complete,
      place: '手填地点',
      absentees: [{ memberId: 'm4', name: '钱七', reason: '临时手术' }],
    };
    const m = prefillMinutes(activity, null, roster, typed);
    expect(m).toMatchObject({ chair: '张书记', firstTopic: complete.firstTopic, place: '手填地点' });
    expect(m.absentees?.find((p) => p.memberId === 'm4')?.reason).toBe('临时手术');
  });

  it('prefers the site name over a typed place', () => {
    expect(
      prefillMinutes(activity, { name: '实验室' }, roster, { activityId: 'a1', place: '旧' }).place,
    ).toBe('实验室');
  });
});
