import { activityAtSite, type SiteActivityCandidate } from './site-activity';

const MIN = 60_000;
const T = Date.UTC(2026, 10, 27, 6, 0, 0);

const act = (
  id: string,
  startAt: number,
  over: Partial<SiteActivityCandidate> = {},
): SiteActivityCandidate => ({
  id,
  siteId: 'site_1',
  status: 'scheduled',
  startAt,
  ...over,
});

describe('activityAtSite', () => {
  it('finds the activity whose window contains the instant', () => {
    const a = act('a', T + 10 * MIN);
    expect(activityAtSite([a], 'site_1', T)).toEqual({ kind: 'found', activity: a });
  });

  it('finds it exactly at the opening instant and refuses 1 ms before', () => {
    const a = act('a', T + 30 * MIN);
    expect(activityAtSite([a], 'site_1', T).kind).toBe('found');
    expect(activityAtSite([a], 'site_1', T - 1)).toEqual({
      kind: 'reject',
      code: 'NO_ACTIVITY_AT_SITE',
      reason: 'none_open',
    });
  });

  it('finds it exactly at the closing instant and refuses 1 ms after', () => {
    const a = act('a', T - 30 * MIN);
    expect(activityAtSite([a], 'site_1', T).kind).toBe('found');
    expect(activityAtSite([a], 'site_1', T + 1)).toMatchObject({ code: 'NO_ACTIVITY_AT_SITE' });
  });

  it('ignores activities at other sites', () => {
    expect(activityAtSite([act('a', T, { siteId: 'site_2' })], 'site_1', T)).toMatchObject({
      code: 'NO_ACTIVITY_AT_SITE',
    });
  });

  it('answers NO_ACTIVITY_AT_SITE for an empty list', () => {
    expect(activityAtSite([], 'site_1', T)).toMatchObject({ kind: 'reject', code: 'NO_ACTIVITY_AT_SITE' });
  });

  it('picks the nearest start when two windows overlap', () => {
    const ending = act('ending', T - 25 * MIN); // window until T+5min
    const starting = act('starting', T + 10 * MIN); // window from T-20min
    expect(activityAtSite([ending, starting], 'site_1', T)).toEqual({ kind: 'found', activity: starting });
  });

  it('breaks an equal distance by the earlier start, then by id', () => {
    const before = act('z_before', T - 10 * MIN);
    const after = act('a_after', T + 10 * MIN);
    expect(activityAtSite([after, before], 'site_1', T)).toMatchObject({ activity: { id: 'z_before' } });
    const twinA = act('twin_a', T);
    const twinB = act('twin_b', T);
    expect(activityAtSite([twinB, twinA], 'site_1', T)).toMatchObject({ activity: { id: 'twin_a' } });
  });

  it('prefers a live activity over a cancelled one even if the cancelled starts nearer', () => {
    const cancelled = act('c', T, { status: 'cancelled' });
    const live = act('l', T + 20 * MIN);
    expect(activityAtSite([cancelled, live], 'site_1', T)).toMatchObject({ activity: { id: 'l' } });
  });

  it('returns a cancelled activity when it is the only one open, so the member is told it was cancelled', () => {
    const cancelled = act('c', T, { status: 'cancelled' });
    expect(activityAtSite([cancelled], 'site_1', T)).toEqual({ kind: 'found', activity: cancelled });
  });

  it('honours an activity’s own window', () => {
    const a = act('a', T + 60 * MIN, { checkin: { opensAt: T - MIN, closesAt: T + 90 * MIN } });
    expect(activityAtSite([a], 'site_1', T).kind).toBe('found');
  });
});
