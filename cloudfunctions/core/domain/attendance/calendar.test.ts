import { periodOf, periodsBetween, shanghaiDayStart, shanghaiDate } from './calendar';

const at = (iso: string) => Date.parse(iso);

describe('periodOf (Shanghai calendar)', () => {
  it('puts 2026-12-31T16:30Z in 2027-Q1 because it is already 2027-01-01 in Shanghai', () => {
    const q = periodOf(at('2026-12-31T16:30:00Z'), 'quarter');
    expect(q.label).toBe('2027-Q1');
    expect(q.start).toBe(at('2026-12-31T16:00:00Z'));
    expect(q.end).toBe(at('2027-03-31T16:00:00Z'));
  });

  it('keeps 2026-12-31T15:59:59.999Z in 2026-12 and 2026-Q4', () => {
    const t = at('2026-12-31T15:59:59.999Z');
    expect(periodOf(t, 'month').label).toBe('2026-12');
    expect(periodOf(t, 'quarter').label).toBe('2026-Q4');
    expect(periodOf(t, 'year').label).toBe('2026');
  });

  it('starts a month exactly at Shanghai midnight', () => {
    expect(periodOf(at('2026-10-31T16:00:00Z'), 'month').label).toBe('2026-11');
    expect(periodOf(at('2026-10-31T15:59:59.999Z'), 'month').label).toBe('2026-10');
  });
});

describe('periodsBetween', () => {
  it('lists the quarters that intersect a range crossing the Shanghai new year', () => {
    const ps = periodsBetween(at('2026-11-15T00:00:00Z'), at('2027-04-01T00:00:00Z'), 'quarter');
    expect(ps.map((p) => p.label)).toEqual(['2026-Q4', '2027-Q1', '2027-Q2']);
  });

  it('does not include the next period when the range ends exactly at its start', () => {
    const ps = periodsBetween(at('2026-09-30T16:00:00Z'), at('2026-11-30T16:00:00Z'), 'month');
    expect(ps.map((p) => p.label)).toEqual(['2026-10', '2026-11']);
  });

  it('answers nothing for an empty range', () => {
    expect(periodsBetween(5, 5, 'month')).toEqual([]);
  });
});

describe('shanghaiDayStart', () => {
  it('is 16:00Z the day before', () => {
    expect(shanghaiDayStart('2027-01-01')).toBe(at('2026-12-31T16:00:00Z'));
    expect(shanghaiDate(at('2026-12-31T16:00:00Z'))).toBe('2027-01-01');
  });

  it('rejects a date that does not exist', () => {
    expect(() => shanghaiDayStart('2026-02-30')).toThrow(RangeError);
    expect(() => shanghaiDayStart('2026-2-3')).toThrow(RangeError);
  });
});
