import { checkinWindow, isWithinWindow, windowPosition } from './window';

const START = Date.UTC(2026, 10, 27, 6, 0, 0); // 14:00 Asia/Shanghai
const MIN = 60_000;

describe('checkinWindow', () => {
  it('defaults to 30 min before the start until 30 min after it', () => {
    expect(checkinWindow({ startAt: START })).toEqual({
      opensAt: START - 30 * MIN,
      closesAt: START + 30 * MIN,
    });
    expect(checkinWindow({ startAt: START, checkin: {} })).toEqual({
      opensAt: START - 30 * MIN,
      closesAt: START + 30 * MIN,
    });
  });

  it('uses the activity’s own opensAt and closesAt when set', () => {
    expect(
      checkinWindow({ startAt: START, checkin: { opensAt: START - MIN, closesAt: START + 2 * MIN } }),
    ).toEqual({
      opensAt: START - MIN,
      closesAt: START + 2 * MIN,
    });
  });

  it('fills only the missing end (null counts as unset)', () => {
    expect(checkinWindow({ startAt: START, checkin: { opensAt: null, closesAt: START + 5 * MIN } })).toEqual({
      opensAt: START - 30 * MIN,
      closesAt: START + 5 * MIN,
    });
  });
});

describe('isWithinWindow', () => {
  const w = checkinWindow({ startAt: START });

  it('is closed 1 ms before it opens', () => expect(isWithinWindow(w, w.opensAt - 1)).toBe(false));
  it('is open exactly at the opening instant', () => expect(isWithinWindow(w, w.opensAt)).toBe(true));
  it('is open 1 ms after opening', () => expect(isWithinWindow(w, w.opensAt + 1)).toBe(true));
  it('is open 1 ms before closing', () => expect(isWithinWindow(w, w.closesAt - 1)).toBe(true));
  it('is open exactly at the closing instant', () => expect(isWithinWindow(w, w.closesAt)).toBe(true));
  it('is closed 1 ms after closing', () => expect(isWithinWindow(w, w.closesAt + 1)).toBe(false));
  it('contains no instant when inverted', () => {
    const inv = { opensAt: START, closesAt: START - 1 };
    expect([START - 1, START, START + 1].some((t) => isWithinWindow(inv, t))).toBe(false);
  });
});

describe('windowPosition', () => {
  const w = checkinWindow({ startAt: START });
  it('says before_open / open / after_close at the boundaries', () => {
    expect(windowPosition(w, w.opensAt - 1)).toBe('before_open');
    expect(windowPosition(w, w.opensAt)).toBe('open');
    expect(windowPosition(w, w.closesAt)).toBe('open');
    expect(windowPosition(w, w.closesAt + 1)).toBe('after_close');
  });
});
