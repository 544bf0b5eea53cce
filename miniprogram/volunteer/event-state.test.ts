import type { TEvent } from '@contract/volunteer';
import { endedLine, eventPhase } from './event-state';

const H = 3_600_000;
const START = Date.UTC(2026, 11, 1, 1, 0, 0);
const ev = (over: Partial<TEvent> = {}) => ({
  status: 'scheduled' as const,
  signupClosesAt: START - 2 * H,
  startAt: START,
  checkoutClosesAt: START + 3 * H + 1 * H, // ends at +3 h, check-out grace 1 h
  ...over,
});

describe('eventPhase: a past event is never one to check in to', () => {
  it('sign-up, waiting, ongoing, then ended — at each boundary', () => {
    expect(eventPhase(ev(), START - 2 * H)).toBe('signup'); // the deadline itself still takes sign-ups
    expect(eventPhase(ev(), START - 2 * H + 1)).toBe('waiting');
    expect(eventPhase(ev(), START)).toBe('ongoing');
    expect(eventPhase(ev(), START + 4 * H)).toBe('ongoing'); // the last instant of check-out
    expect(eventPhase(ev(), START + 4 * H + 1)).toBe('ended');
    expect(eventPhase(ev(), START + 30 * 24 * H)).toBe('ended');
  });
  it('cancelled wins', () => {
    expect(eventPhase(ev({ status: 'cancelled' }), START + 10 * H)).toBe('cancelled');
    expect(eventPhase(ev({ status: 'cancelled' }), START - 10 * H)).toBe('cancelled');
  });
});

describe('endedLine: what became of the hours', () => {
  it('credited, awaiting a leader, not credited, nothing recorded', () => {
    expect(endedLine({ myHours: { status: 'confirmed', hours: 2.5 } })).toEqual({
      text: '活动已结束 · 已计入 2.5 小时',
      tone: 'success',
    });
    expect(endedLine({ myHours: { status: 'pending', hours: 3 } }).text).toBe(
      '活动已结束 · 3 小时待队长确认',
    );
    expect(endedLine({ myHours: { status: 'rejected', hours: 0 } }).tone).toBe('danger');
    expect(endedLine({}).text).toContain('未记录到时长');
  });
});
