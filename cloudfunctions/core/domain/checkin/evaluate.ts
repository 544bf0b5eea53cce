/**
 * The check-in rule: one pure function from (activity, member, proof, what already exists, now) to a
 * decision. No I/O: the handler loads the inputs, the repository stores the outcome.
 * see docs/checkin.md — the validation order below is the documented order; keep them in step.
 */
import type { ApprovalMode, ProofMode } from '../../../../types/activity';
import type { CheckinFlag } from '../../../../types/checkin';
import type { ErrorCode } from '../../../../types/errors';
import { fenceCheck, type GeoReading, type LatLng } from '../geo';
import { codePeriodMs, parseScannedCode, verifyRotatingCode, type CodeVerification } from '../rotating-code';
import { checkinWindow, isWithinWindow, windowPosition, type WindowedActivity } from '../window';
import { claimedScanTime, offlineLimits, type CheckinPolicy, type ScanTimeSource } from './policy';

export type { ApprovalMode, CheckinFlag, ProofMode };

/** The activity fields the rule reads. Structural: the stored activity document fits. */
export interface CheckinActivity extends WindowedActivity {
  id: string;
  /** 'cancelled' refuses every check-in; any other value (e.g. 'scheduled') is live. */
  status?: string;
  startAt: number;
  endAt: number;
  siteId?: string | null;
  checkin: {
    opensAt?: number | null;
    closesAt?: number | null;
    proof: ProofMode;
    requireLocation?: boolean | null;
    approval: ApprovalMode;
    codePeriodSec?: number | null;
    /** Per-activity override of policy.offlineLateMs (seconds; capped by policy.offlineLateCapMs). */
    offlineGraceSec?: number | null;
    /** Per-activity override of policy.maxOfflineDelayMs (seconds; capped by policy.maxOfflineDelayCapMs). */
    maxOfflineSec?: number | null;
  };
}

export interface CheckinSite {
  id: string;
  /** The short site code printed in the site's mini-program code (scene `s.<code>`). */
  code?: string | null;
  location: LatLng;
  radiusM: number;
  wifiBssids?: readonly string[] | null;
}

/** The `checkin.checkIn` payload (times already parsed to epoch ms). */
export interface CheckinProof {
  /** What was scanned: a rotating code, a site scene, or a URL carrying either. */
  code: string;
  nonce: string;
  location?: GeoReading | null;
  wifiBssid?: string | null;
  deviceId?: string | null;
  scannedAt?: number | null;
}

/** Another member's check-in in the same activity (the repo may pre-filter to same device/coords). */
export interface PeerCheckin {
  memberId: string;
  deviceId?: string | null;
  location?: LatLng | null;
}

/** The order flags are reported in (the flag list itself is the contract's, types/checkin.ts). */
export const FLAG_ORDER: readonly CheckinFlag[] = [
  'outside_fence',
  'low_accuracy',
  'too_fast',
  'offline_late',
  'device_shared',
  'same_coordinates',
];

export type CheckinRefusalCode = Extract<
  ErrorCode,
  | 'ACTIVITY_CANCELLED'
  | 'CODE_INVALID'
  | 'CODE_EXPIRED'
  | 'OUTSIDE_WINDOW'
  | 'NOT_EXPECTED'
  | 'LOCATION_REQUIRED'
>;

/** Machine-readable detail of a refusal (goes into the error envelope's `details.reason`). */
export type CheckinRefusalReason =
  | 'cancelled'
  | 'malformed'
  | 'other_activity'
  | 'bad_signature'
  | 'future_window'
  | 'expired'
  | 'proof_mode'
  | 'site_mismatch'
  | 'before_open'
  | 'after_close'
  | 'not_expected'
  | 'location_missing';

export interface CheckinEvidence {
  proofKind: 'rotating' | 'site';
  /** Rotating codes only: the code's window and when it appeared on the display. */
  codeWindow: number | null;
  codeWindowStart: number | null;
  /** The instant the scan was judged at (= the record's check-in time). */
  judgedAt: number;
  /** Server arrival time of this upload. */
  receivedAt: number;
  scanTimeSource: ScanTimeSource;
  /** What the client claimed, as sent (also when ignored). */
  claimedScannedAt: number | null;
  location: GeoReading | null;
  distanceM: number | null;
  radiusM: number | null;
  wifiBssid: string | null;
  /** true/false when both the site lists BSSIDs and the client sent one; else null. Evidence only. */
  wifiMatch: boolean | null;
  deviceId: string | null;
  nonce: string;
  /** Members whose earlier check-ins share this device id / these exact coordinates. */
  devicePeers: string[];
  coordinatePeers: string[];
}

export type CheckinDecision<TExisting> =
  | { kind: 'reject'; code: CheckinRefusalCode; reason: CheckinRefusalReason }
  | { kind: 'duplicate'; existing: TExisting }
  | {
      kind: 'accept';
      status: 'approved' | 'pending';
      flags: CheckinFlag[];
      checkedInAt: number;
      evidence: CheckinEvidence;
    };

export interface EvaluateCheckInInput<TExisting> {
  activity: CheckinActivity;
  /** The activity's site (null when it has none). Required for site codes and for fence checks. */
  site: CheckinSite | null;
  /** The activity's secret; required when a rotating code is presented. */
  secret: string | null;
  member: { id: string };
  /** Is the member among the activity's expected attendees (the branch by default)? */
  expected: boolean;
  existing: { mine: TExisting | null; peers: readonly PeerCheckin[] };
  proof: CheckinProof;
  policy: CheckinPolicy;
  now: number;
}

const reject = (code: CheckinRefusalCode, reason: CheckinRefusalReason) =>
  ({ kind: 'reject', code, reason }) as const;

/**
 * Validation order (docs/checkin.md, "Validation order"):
 *  1 cancelled → 2 code/scene (proof mode, signature, time) → 3 window → 4 expected attendee →
 *  5 location required → 6 existing record (duplicate) → 7 flags → 8 approval.
 * Refusals that only need the activity come first; a duplicate is only answered to a caller who
 * presented a valid proof in the window, so an invalid code never reveals someone's record.
 */
export function evaluateCheckIn<TExisting>(
  input: EvaluateCheckInInput<TExisting>,
): CheckinDecision<TExisting> {
  const { activity, site, secret, member, expected, existing, proof, policy, now } = input;

  // 1. cancelled
  if (activity.status === 'cancelled') return reject('ACTIVITY_CANCELLED', 'cancelled');

  // 2. code / scene validity
  const scanned = parseScannedCode(proof.code);
  if (scanned.kind === 'invalid') return reject('CODE_INVALID', 'malformed');
  const proofMode = activity.checkin.proof;
  if (scanned.kind === 'rotating' && proofMode === 'site') return reject('CODE_INVALID', 'proof_mode');
  if (scanned.kind === 'site' && proofMode === 'rotating') return reject('CODE_INVALID', 'proof_mode');

  const offline = offlineLimits(activity.checkin, policy);
  const claim = claimedScanTime(proof.scannedAt, now, policy, offline.maxDelayMs);
  // Instants the scan may be judged at: the honoured claim first (the real event if honest), then now.
  // A claim can only help an honest member with a bad connection; it never makes a live scan fail.
  const candidates = claim.scannedAt !== null && claim.scannedAt !== now ? [claim.scannedAt, now] : [now];

  let validAt: number[];
  let codeWindow: number | null = null;
  let codeWindowStart: number | null = null;
  if (scanned.kind === 'rotating') {
    if (scanned.activityId !== activity.id) return reject('CODE_INVALID', 'other_activity');
    if (!secret) throw new Error(`activity ${activity.id} accepts rotating codes but has no secret`);
    const periodMs = codePeriodMs(activity.checkin.codePeriodSec);
    const verify = (at: number): CodeVerification =>
      verifyRotatingCode({
        code: scanned.code,
        activityId: activity.id,
        secret,
        periodMs,
        at,
        clockSkewMs: policy.codeClockSkewMs,
      });
    const results = candidates.map((at) => ({ at, result: verify(at) }));
    validAt = results.filter((r) => r.result.ok).map((r) => r.at);
    if (validAt.length === 0) {
      // Report what the code is NOW: an old offline scan whose claim was ignored reads CODE_EXPIRED.
      const atNow = results[results.length - 1].result;
      if (!atNow.ok) return reject(atNow.code, atNow.reason);
    }
    const ok = results.find((r) => r.result.ok)!.result as Extract<CodeVerification, { ok: true }>;
    codeWindow = ok.window;
    codeWindowStart = ok.windowStart;
  } else {
    if (!site || activity.siteId !== site.id || !site.code || site.code !== scanned.siteCode) {
      return reject('CODE_INVALID', 'site_mismatch');
    }
    validAt = candidates;
  }

  // 3. window — at an instant where the code was also valid
  const window = checkinWindow(activity);
  const judgedAt = validAt.find((t) => isWithinWindow(window, t));
  if (judgedAt === undefined) {
    const pos = windowPosition(window, validAt[validAt.length - 1]);
    return reject('OUTSIDE_WINDOW', pos === 'before_open' ? 'before_open' : 'after_close');
  }

  // 4. expected attendee
  if (!expected) return reject('NOT_EXPECTED', 'not_expected');

  // 5. location required (always for site codes: a printed code proves nothing about presence; for a
  //    rotating code when the activity asks — by default when it has a site, S-2)
  const location = proof.location ?? null;
  const locationRequired = isLocationRequired(activity, scanned.kind);
  if (locationRequired && !location) return reject('LOCATION_REQUIRED', 'location_missing');

  // 6. one record per member per activity
  if (existing.mine !== null && existing.mine !== undefined)
    return { kind: 'duplicate', existing: existing.mine };

  // 7. flags
  const flags = new Set<CheckinFlag>();
  let distanceM: number | null = null;
  if (location && site && activity.siteId === site.id) {
    const fence = fenceCheck(site, location);
    distanceM = fence.distanceM;
    if (!fence.inside) flags.add('outside_fence');
    if (fence.lowAccuracy) flags.add('low_accuracy');
  }
  if (codeWindowStart !== null && judgedAt - codeWindowStart < policy.tooFastMs) flags.add('too_fast');
  if (judgedAt !== now && now - judgedAt > offline.lateMs) flags.add('offline_late');

  const deviceId = proof.deviceId || null;
  const devicePeers = deviceId
    ? uniq(
        existing.peers
          .filter((p) => p.memberId !== member.id && p.deviceId === deviceId)
          .map((p) => p.memberId),
      )
    : [];
  if (devicePeers.length > 0) flags.add('device_shared');
  const coordinatePeers = location
    ? uniq(
        existing.peers
          .filter(
            (p) =>
              p.memberId !== member.id &&
              !!p.location &&
              p.location.lat === location.lat &&
              p.location.lng === location.lng,
          )
          .map((p) => p.memberId),
      )
    : [];
  if (coordinatePeers.length > 0) flags.add('same_coordinates');

  const orderedFlags = FLAG_ORDER.filter((f) => flags.has(f));

  // 8. approval
  const status = approve(activity.checkin.approval, orderedFlags);

  const wifiBssid = proof.wifiBssid || null;
  const siteBssids = site?.wifiBssids?.map(normaliseBssid) ?? [];
  return {
    kind: 'accept',
    status,
    flags: orderedFlags,
    checkedInAt: judgedAt,
    evidence: {
      proofKind: scanned.kind,
      codeWindow,
      codeWindowStart,
      judgedAt,
      receivedAt: now,
      scanTimeSource: claim.source,
      claimedScannedAt: proof.scannedAt ?? null,
      location,
      distanceM,
      radiusM: distanceM === null || !site ? null : site.radiusM,
      wifiBssid,
      wifiMatch: wifiBssid && siteBssids.length > 0 ? siteBssids.includes(normaliseBssid(wifiBssid)) : null,
      deviceId,
      nonce: proof.nonce,
      devicePeers,
      coordinatePeers,
    },
  };
}

/**
 * The flags an accepted check-in's evidence gives each peer it names (S-12): `device_shared` for the
 * members who used the same device, `same_coordinates` for those at exactly the same coordinates.
 */
export function peerFlags(
  evidence: Pick<CheckinEvidence, 'devicePeers' | 'coordinatePeers'>,
): Map<string, CheckinFlag[]> {
  const out = new Map<string, CheckinFlag[]>();
  const add = (m: string, f: CheckinFlag) => out.set(m, [...(out.get(m) ?? []), f]);
  for (const m of evidence.devicePeers) add(m, 'device_shared');
  for (const m of evidence.coordinatePeers) add(m, 'same_coordinates');
  return out;
}

/** An earlier record as far as flagging it needs (the stored check-in document fits). */
export interface FlaggablePeer {
  status: string;
  flags?: readonly CheckinFlag[] | null;
  method?: string;
  forced?: boolean;
  decidedBy?: string | null;
}

/**
 * What a later check-in's revelation does to an earlier record (S-12): the flags are added; a record
 * the SYSTEM approved (a scan — not forced, not decided by a person) returns to `pending` when the
 * activity's approval mode would not have approved it with these flags — exactly as if the flags
 * had been known when it was stored. A person's decision is never overturned. `null`: no change.
 */
export function peerChange(
  peer: FlaggablePeer,
  add: readonly CheckinFlag[],
  mode: ApprovalMode,
): { status: string; flags: CheckinFlag[] } | null {
  const had = peer.flags ?? [];
  const flags = FLAG_ORDER.filter((f) => had.includes(f) || add.includes(f));
  const systemApproved =
    peer.status === 'approved' &&
    !peer.forced &&
    !peer.decidedBy &&
    (peer.method === 'rotating' || peer.method === 'site');
  const status = systemApproved && approve(mode, flags) === 'pending' ? 'pending' : peer.status;
  if (flags.length === had.length && status === peer.status) return null;
  return { status, flags };
}

/**
 * Does a check-in (or check-out) need a location? Always with a site code; otherwise when the
 * activity says so, and — for an activity stored without the setting — when it has a site (S-2).
 */
export function isLocationRequired(
  activity: { siteId?: string | null; checkin: { requireLocation?: boolean | null } },
  kind: 'rotating' | 'site',
): boolean {
  if (kind === 'site') return true;
  return activity.checkin.requireLocation ?? !!activity.siteId;
}

/**
 * Flags that send a check-in to review in EVERY approval mode: out of the fence (kept, never
 * dropped), and a scan judged at a client-claimed time long before the upload — a back-dated
 * `scannedAt` is exactly what a photo of an old code needs (security/REVIEW.md S-1), so it is
 * evidence for the secretary, never an automatic approval.
 */
export const ALWAYS_REVIEW_FLAGS: readonly CheckinFlag[] = ['outside_fence', 'offline_late'];

/**
 * auto: approved unless a flag of ALWAYS_REVIEW_FLAGS (outside_fence, offline_late) is raised;
 * manual: always pending;
 * risk: approved only with no flag at all.
 */
export function approve(mode: ApprovalMode, flags: readonly CheckinFlag[]): 'approved' | 'pending' {
  switch (mode) {
    case 'auto':
      return flags.some((f) => ALWAYS_REVIEW_FLAGS.includes(f)) ? 'pending' : 'approved';
    case 'manual':
      return 'pending';
    case 'risk':
      return flags.length === 0 ? 'approved' : 'pending';
  }
}

function normaliseBssid(b: string): string {
  return b.trim().toLowerCase().replace(/-/g, ':');
}

function uniq(xs: string[]): string[] {
  return [...new Set(xs)];
}
