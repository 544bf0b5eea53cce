import { myActivityStatus, type MyStatusInput } from './my-status';

const start = Date.UTC(2026, 10, 28, 6, 0);
const MIN = 60_000;
const base: MyStatusInput = {
  activity: { startAt: start, status: 'scheduled' },
  expected: true,
  checkin: null,
  requests: [],
  now: start,
};
const at = (now: number, extra: Partial<MyStatusInput> = {}) => myActivityStatus({ ...base, now, ...extra });

describe('myActivityStatus', () => {
  it('follows the check-in window when nothing is recorded: upcoming, open at both ends, absent after', () => {
    expect(at(start - 30 * MIN - 1)).toBe('upcoming');
    expect(at(start - 30 * MIN)).toBe('open');
    expect(at(start + 30 * MIN)).toBe('open');
    expect(at(start + 30 * MIN + 1)).toBe('absent');
  });

  it('says cancelled before anything else', () => {
    expect(at(start, { activity: { startAt: start, status: 'cancelled' }, checkin: 'approved' })).toBe(
      'cancelled',
    );
  });

  it('reports my record: approved, pending, rejected or revoked', () => {
    expect(at(start, { checkin: 'approved' })).toBe('checked_in');
    expect(at(start, { checkin: 'pending' })).toBe('pending');
    expect(at(start, { checkin: 'rejected' })).toBe('rejected');
    expect(at(start, { checkin: 'revoked' })).toBe('rejected');
  });

  it('reports leave and make-up requests; an approved make-up counts as checked in', () => {
    expect(at(start + 60 * MIN, { requests: [{ kind: 'makeup', status: 'pending' }] })).toBe(
      'makeup_pending',
    );
    expect(at(start + 60 * MIN, { requests: [{ kind: 'makeup', status: 'approved' }] })).toBe('checked_in');
    expect(at(start - 60 * MIN, { requests: [{ kind: 'leave', status: 'approved' }] })).toBe('on_leave');
    expect(at(start - 60 * MIN, { requests: [{ kind: 'leave', status: 'pending' }] })).toBe('leave_pending');
  });

  it('says not_expected for a member outside the attendee list', () => {
    expect(at(start, { expected: false })).toBe('not_expected');
  });
});
