import { claimedScanTime, DEFAULT_CHECKIN_POLICY as POLICY } from './policy';

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
