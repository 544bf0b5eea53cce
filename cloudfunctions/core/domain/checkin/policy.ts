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
  /** A claimed `scannedAt` older than now − this is ignored (the scan is judged at now). */
  maxOfflineDelayMs: number;
  /** A scan judged at its claimed time more than this before the upload is flagged `offline_late`. */
  offlineLateMs: number;
  /** A scan judged less than this after its code appeared is flagged `too_fast`. */
  tooFastMs: number;
  /** Check-out is accepted until the activity's end plus this grace. */
  checkoutGraceMs: number;
}

export const DEFAULT_CHECKIN_POLICY: Readonly<CheckinPolicy> = Object.freeze({
  codeClockSkewMs: CODE_CLOCK_SKEW_DEFAULT_MS,
  scanClockSkewMs: 5_000,
  maxOfflineDelayMs: 2 * 60 * 60_000,
  offlineLateMs: 3 * 60_000,
  tooFastMs: 1_000,
  checkoutGraceMs: 60 * 60_000,
});

export type ScanTimeSource = 'server' | 'client' | 'client_ignored';

export interface ClaimedScanTime {
  /** The honoured scan instant (≤ now), or null when the client sent none or it was ignored. */
  scannedAt: number | null;
  source: ScanTimeSource;
}

/**
 * The client's clock is never trusted blindly: a claimed `scannedAt` is honoured only inside
 * [now − maxOfflineDelayMs, now + scanClockSkewMs], and then clamped to now (a scan cannot have
 * happened after the server received it). Outside that range the claim is ignored — the scan is
 * judged at now, exactly like a live scan.
 */
export function claimedScanTime(
  scannedAt: number | null | undefined,
  now: number,
  policy: CheckinPolicy,
): ClaimedScanTime {
  if (scannedAt === undefined || scannedAt === null) return { scannedAt: null, source: 'server' };
  if (!Number.isFinite(scannedAt)) return { scannedAt: null, source: 'client_ignored' };
  if (scannedAt < now - policy.maxOfflineDelayMs || scannedAt > now + policy.scanClockSkewMs) {
    return { scannedAt: null, source: 'client_ignored' };
  }
  return { scannedAt: Math.min(scannedAt, now), source: 'client' };
}
