import { attendanceRate, memberAttendanceRates, type ActivityAttendance } from './rates';
import type { AttendanceStatus } from './roster';

const at = (iso: string) => Date.parse(iso);
const HOUR = 60 * 60 * 1000;
const NOW = at('2027-02-10T04:00:00Z');

function row(
  startIso: string,
  statuses: Record<string, AttendanceStatus>,
  status = 'scheduled',
): ActivityAttendance {
  const startAt = at(startIso);
  return {
    activity: { id: startIso, startAt, endAt: startAt + HOUR, status },
    members: Object.entries(statuses).map(([memberId, s]) => ({ memberId, name: memberId, status: s })),
  };
}

describe('attendanceRate', () => {
  it('divides present by expected minus excused', () => {
    expect(attendanceRate({ expected: 4, present: 2, excused: 1 })).toBeCloseTo(2 / 3);
  });

  it('is 1 when every non-excused meeting was attended', () => {
    expect(attendanceRate({ expected: 3, present: 2, excused: 1 })).toBe(1);
  });

  it('is null, not NaN or Infinity, when everything was excused or nothing expected', () => {
    expect(attendanceRate({ expected: 2, present: 0, excused: 2 })).toBeNull();
    expect(attendanceRate({ expected: 0, present: 0, excused: 0 })).toBeNull();
  });
});

describe('memberAttendanceRates', () => {
  const rows = [
    row('2026-11-10T02:00:00Z', { m1: 'present', m2: 'leave' }),
    row('2026-12-10T02:00:00Z', { m1: 'absent', m2: 'leave' }),
    row('2026-12-31T16:30:00Z', { m1: 'present', m2: 'pending' }), // 2027-Q1 in Shanghai
    row('2027-01-20T02:00:00Z', { m1: 'present', m2: 'absent' }, 'cancelled'),
    row('2027-02-10T03:30:00Z', { m1: 'absent', m2: 'absent' }), // still running at NOW
  ];

  it('computes per member per Shanghai quarter, with excused counted apart', () => {
    expect(memberAttendanceRates(rows, NOW)).toEqual([
      {
        memberId: 'm1',
        name: 'm1',
        period: '2026-Q4',
        expected: 2,
        present: 1,
        excused: 0,
        pending: 0,
        absent: 1,
        rate: 0.5,
      },
      {
        memberId: 'm2',
        name: 'm2',
        period: '2026-Q4',
        expected: 2,
        present: 0,
        excused: 2,
        pending: 0,
        absent: 0,
        rate: null,
      },
      {
        memberId: 'm1',
        name: 'm1',
        period: '2027-Q1',
        expected: 1,
        present: 1,
        excused: 0,
        pending: 0,
        absent: 0,
        rate: 1,
      },
      {
        memberId: 'm2',
        name: 'm2',
        period: '2027-Q1',
        expected: 1,
        present: 0,
        excused: 0,
        pending: 1,
        absent: 0,
        rate: 0,
      },
    ]);
  });

  it('totals over the whole range with "all"', () => {
    const all = memberAttendanceRates(rows, NOW, 'all');
    expect(all.find((r) => r.memberId === 'm1')).toMatchObject({
      period: null,
      expected: 3,
      present: 2,
      rate: 2 / 3,
    });
    expect(all.find((r) => r.memberId === 'm2')).toMatchObject({
      expected: 3,
      excused: 2,
      pending: 1,
      rate: 0,
    });
  });

  it('answers nothing for no held activities', () => {
    expect(memberAttendanceRates([], NOW)).toEqual([]);
  });
});
