import { claimedScanTime, DEFAULT_CHECKIN_POLICY as POLICY, offlineLimits } from './policy';

const NOW = Date.UTC(2026, 10, 27, 6, 0, 0);

describe('claimedScanTime', () => {
  it('uses the server time when the client sent none', () => {
    expect(claimedScanTime(undefined, NOW, POLICY)).toEqual({ scannedAt: null, source: 'server' });
    expect(claimedScanTime(null, NOW, POLICY)).toEqual({ scannedAt: null, source: 'server' });
  });

  it('honours a claim exactly maxOfflineDelayMs old', () => {
    const t = NOW - POLICY.maxOfflineDelayMs;
    expect(claimedScanTime(t, NOW, POLICY)).toEqual({ scannedAt: t, source: 'client' });
  });

  it('ignores a claim 1 ms older than maxOfflineDelayMs', () => {
    expect(claimedScanTime(NOW - POLICY.maxOfflineDelayMs - 1, NOW, POLICY)).toEqual({
      scannedAt: null,
      source: 'client_ignored',
    });
  });

  it('clamps a claim up to scanClockSkewMs in the future to now', () => {
    expect(claimedScanTime(NOW + POLICY.scanClockSkewMs, NOW, POLICY)).toEqual({
      scannedAt: NOW,
      source: 'client',
    });
  });

  it('ignores a claim 1 ms beyond scanClockSkewMs in the future', () => {
    expect(claimedScanTime(NOW + POLICY.scanClockSkewMs + 1, NOW, POLICY).source).toBe('client_ignored');
  });

  it('ignores a non-finite claim', () => {
    expect(claimedScanTime(NaN, NOW, POLICY).source).toBe('client_ignored');
  });
});

describe('offlineLimits (S-1)', () => {
  it('defaults: 30 min max delay, 3 min before offline_late', () => {
    expect(POLICY.maxOfflineDelayMs).toBe(30 * 60_000);
    expect(offlineLimits({}, POLICY)).toEqual({ maxDelayMs: 30 * 60_000, lateMs: 3 * 60_000 });
  });

  it('takes the activity’s settings, clamped to the caps and the late threshold to the max delay', () => {
    expect(offlineLimits({ maxOfflineSec: 3_600, offlineGraceSec: 300 }, POLICY)).toEqual({
      maxDelayMs: 3_600_000,
      lateMs: 300_000,
    });
    expect(offlineLimits({ maxOfflineSec: 86_400, offlineGraceSec: 86_400 }, POLICY)).toEqual({
      maxDelayMs: POLICY.maxOfflineDelayCapMs,
      lateMs: POLICY.offlineLateCapMs,
    });
    expect(offlineLimits({ maxOfflineSec: 120, offlineGraceSec: 600 }, POLICY)).toEqual({
      maxDelayMs: 120_000,
      lateMs: 120_000,
    });
  });

  it('claimedScanTime honours the given max delay', () => {
    expect(claimedScanTime(NOW - 40 * 60_000, NOW, POLICY).source).toBe('client_ignored');
    expect(claimedScanTime(NOW - 40 * 60_000, NOW, POLICY, 60 * 60_000).source).toBe('client');
  });
});
