/**
 * System-wide check-in tunables, passed as one object (no boolean soup). Per-activity choices
 * (proof mode, approval mode, location requirement, code period) live on the activity itself.
 * see docs/checkin.md ("Policy").
 */
import { CODE_CLOCK_SKEW_DEFAULT_MS } from '../rotating-code';

export interface CheckinPolicy {
  /** A rotating code is accepted this long before its window starts (organiser clock ahead). */
  codeClockSkewMs: number;
  /** A member's claimed `scannedAt` may lie this far after the server's now and still be honoured. */
  scanClockSkewMs: number;
  /**
   * A claimed `scannedAt` older than now − this is ignored (the scan is judged at now). Per activity:
   * `maxOfflineSec`, never above `maxOfflineDelayCapMs`.
   */
  maxOfflineDelayMs: number;
  /** The upper bound of an activity's `maxOfflineSec`. */
  maxOfflineDelayCapMs: number;
  /**
   * A scan judged at its claimed time more than this before the upload is flagged `offline_late`
   * (which always means review). Per activity: `offlineGraceSec`, never above `offlineLateCapMs`.
   */
  offlineLateMs: number;
  /** The upper bound of an activity's `offlineGraceSec`. */
  offlineLateCapMs: number;
  /** A scan judged less than this after its code appeared is flagged `too_fast`. */
  tooFastMs: number;
  /** Check-out is accepted until the activity's end plus this grace. */
  checkoutGraceMs: number;
}

export const DEFAULT_CHECKIN_POLICY: Readonly<CheckinPolicy> = Object.freeze({
  codeClockSkewMs: CODE_CLOCK_SKEW_DEFAULT_MS,
  scanClockSkewMs: 5_000,
  // S-1: a claimed scan time is evidence, not proof. 30 min covers a lift, a basement lab or a
  // campus dead spot; anything longer is better served by a 补签 request with a reason.
  maxOfflineDelayMs: 30 * 60_000,
  maxOfflineDelayCapMs: 2 * 60 * 60_000,
  offlineLateMs: 3 * 60_000,
  offlineLateCapMs: 10 * 60_000,
  tooFastMs: 1_000,
  checkoutGraceMs: 60 * 60_000,
});

export type ScanTimeSource = 'server' | 'client' | 'client_ignored';

export interface ClaimedScanTime {
  /** The honoured scan instant (≤ now), or null when the client sent none or it was ignored. */
  scannedAt: number | null;
  source: ScanTimeSource;
}

/** The per-activity offline settings (seconds), as stored on the activity's `checkin`. */
export interface OfflineSettings {
  maxOfflineSec?: number | null;
  offlineGraceSec?: number | null;
}

export interface OfflineLimits {
  /** Claims older than now − this are ignored. */
  maxDelayMs: number;
  /** Judged more than this before the upload → `offline_late`. */
  lateMs: number;
}

/**
 * The activity's offline limits: its own settings or the policy defaults, each clamped to the
 * policy's cap (an activity stored before the caps existed cannot exceed them either), and the late
 * threshold never beyond the max delay.
 */
export function offlineLimits(settings: OfflineSettings, policy: CheckinPolicy): OfflineLimits {
  const maxDelayMs = Math.min(
    settings.maxOfflineSec != null ? settings.maxOfflineSec * 1000 : policy.maxOfflineDelayMs,
    policy.maxOfflineDelayCapMs,
  );
  const lateMs = Math.min(
    settings.offlineGraceSec != null ? settings.offlineGraceSec * 1000 : policy.offlineLateMs,
    policy.offlineLateCapMs,
    maxDelayMs,
  );
  return { maxDelayMs, lateMs };
}

/**
 * The client's clock is never trusted blindly: a claimed `scannedAt` is honoured only inside
 * [now − maxDelayMs, now + scanClockSkewMs], and then clamped to now (a scan cannot have happened
 * after the server received it). Outside that range the claim is ignored — the scan is judged at
 * now, exactly like a live scan. `maxDelayMs` defaults to the policy's (an activity's own limit comes
 * from `offlineLimits`).
 */
export function claimedScanTime(
  scannedAt: number | null | undefined,
  now: number,
  policy: CheckinPolicy,
  maxDelayMs: number = policy.maxOfflineDelayMs,
): ClaimedScanTime {
  if (scannedAt === undefined || scannedAt === null) return { scannedAt: null, source: 'server' };
  if (!Number.isFinite(scannedAt)) return { scannedAt: null, source: 'client_ignored' };
  if (scannedAt < now - maxDelayMs || scannedAt > now + policy.scanClockSkewMs) {
    return { scannedAt: null, source: 'client_ignored' };
  }
  return { scannedAt: Math.min(scannedAt, now), source: 'client' };
}
