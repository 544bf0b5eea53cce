import type { TCheckInInput, TCheckInOutput } from '../../../types/checkin';
import { isExpectedMember } from '../../core/domain/attendance/roster';
import {
  activityAtSite,
  claimedScanTime,
  DEFAULT_CHECKIN_POLICY,
  evaluateCheckIn,
  refusalError,
  type CheckinSite,
} from '../../core/domain/checkin';
import { parseScannedCode } from '../../core/domain/rotating-code';
import { DomainError } from '../../core/errors';
import { getActivityDoc, listSiteActivities, type ActivityDoc } from '../../core/repos/activities';
import {
  checkinId,
  findPeers,
  flagPeers,
  getCheckin,
  getScan,
  insertCheckin,
  rememberScan,
  scanId,
  type CheckinDoc,
} from '../../core/repos/checkins';
import { findSiteByCode, getSite, type SiteDoc } from '../../core/repos/sites';
import type { ActionContext } from '../../core/router';

/**
 * checkin.checkIn — the flow of docs/checkin.md ("Flow", "Nonce and duplicates"):
 * resolve the activity from the code → a retried nonce gets its first answer → evaluateCheckIn →
 * insert ONE record per (activity, member) (the database refuses a second) → answer.
 */
const POLICY = DEFAULT_CHECKIN_POLICY;
const DAY = 24 * 60 * 60_000;

export async function checkIn(input: TCheckInInput, ctx: ActionContext): Promise<TCheckInOutput> {
  const member = ctx.caller.member;
  if (!member || !ctx.caller.active) throw new DomainError('NOT_BOUND', 'no active member');
  const now = ctx.now;
  const scanned = parseScannedCode(input.code);

  // Round 1: the stored answer of a retried upload, and the activity the code points at.
  const [kept, resolved] = await Promise.all([
    getScan(member.id, input.nonce),
    resolveActivity(scanned, input.scannedAt ?? null, now),
  ]);
  if (kept) return kept.answer;
  if (resolved.kind === 'refuse') throw resolved.error;
  const { activity } = resolved;

  // Round 2: the activity's site (fence), my record, and the peers the risk flags need.
  const location = input.location ?? null;
  const deviceId = input.deviceId || null;
  const id = checkinId(activity._id, member.id);
  const [site, mine, peers] = await Promise.all([
    resolved.site !== undefined
      ? Promise.resolve(resolved.site)
      : activity.siteId
        ? getSite(activity.siteId)
        : Promise.resolve(null),
    getCheckin(id),
    findPeers(activity._id, deviceId, location),
  ]);
  // The upload that created my record, retried (its scan-ledger write never happens: the record is the answer).
  if (mine && mine.nonce === input.nonce) return answerOf(mine, activity, false);

  const decision = evaluateCheckIn<CheckinDoc>({
    activity: { ...activity, id: activity._id },
    site: site ? toCheckinSite(site) : null,
    secret: activity.secret,
    member: { id: member.id },
    expected: isExpectedMember(activity, {
      id: member.id,
      branchId: member.branchId,
      status: member.status,
      boundAt: member.boundAt,
    }),
    existing: { mine, peers },
    proof: {
      code: input.code,
      nonce: input.nonce,
      location,
      wifiBssid: input.wifiBssid ?? null,
      deviceId,
      scannedAt: input.scannedAt ?? null,
    },
    policy: POLICY,
    now,
  });

  if (decision.kind === 'reject') throw refusalError(decision);
  if (decision.kind === 'duplicate') return rememberDuplicate(decision.existing, activity, input.nonce, now);

  const doc: CheckinDoc = {
    _id: id,
    activityId: activity._id,
    memberId: member.id,
    branchId: activity.branchId,
    memberName: member.name,
    status: decision.status,
    method: decision.evidence.proofKind,
    flags: decision.flags,
    at: decision.checkedInAt,
    checkedInAt: decision.checkedInAt,
    nonce: input.nonce,
    deviceId,
    location: location ? { lat: location.lat, lng: location.lng, accuracy: location.accuracy } : null,
    evidence: decision.evidence,
    createdAt: now,
    updatedAt: now,
  };
  if (!(await insertCheckin(doc))) {
    // Lost a race past the duplicate check: the database kept the other upload. Answer that one.
    const winner = await getCheckin(id);
    if (!winner) throw new Error(`check-in ${id} refused as duplicate but not found`);
    if (winner.nonce === input.nonce) return answerOf(winner, activity, false);
    return rememberDuplicate(winner, activity, input.nonce, now);
  }
  // The rule flags the new record; the peers it names get the same flag so the secretary sees both.
  const ev = decision.evidence;
  if (ev.devicePeers.length > 0) await flagPeers(activity._id, ev.devicePeers, 'device_shared');
  if (ev.coordinatePeers.length > 0) await flagPeers(activity._id, ev.coordinatePeers, 'same_coordinates');
  return answerOf(doc, activity, false);
}

type Resolved =
  { kind: 'found'; activity: ActivityDoc; site?: SiteDoc | null } | { kind: 'refuse'; error: DomainError };

/**
 * The activity a code points at: the id inside a rotating code; for a site code, the activity
 * running at that site at the honoured scan time (or now). Anything else is CODE_INVALID.
 */
async function resolveActivity(
  scanned: ReturnType<typeof parseScannedCode>,
  scannedAt: number | null,
  now: number,
): Promise<Resolved> {
  const invalid = (): Resolved => ({
    kind: 'refuse',
    error: refusalError({ code: 'CODE_INVALID', reason: 'malformed' }),
  });
  if (scanned.kind === 'invalid') return invalid();
  if (scanned.kind === 'rotating') {
    const activity = await getActivityDoc(scanned.activityId);
    // An unknown activity reads like a forged code: nothing about what exists is revealed.
    return activity ? { kind: 'found', activity } : invalid();
  }
  const site = await findSiteByCode(scanned.siteCode);
  if (!site) return invalid();
  const at = claimedScanTime(scannedAt, now, POLICY).scannedAt ?? now;
  const candidates = await listSiteActivities(site._id, at - 7 * DAY, at + DAY);
  const found = activityAtSite(
    candidates.map((a) => ({ ...a, id: a._id })),
    site._id,
    at,
  );
  if (found.kind === 'reject') return { kind: 'refuse', error: refusalError(found) };
  return { kind: 'found', activity: found.activity, site };
}

function toCheckinSite(site: SiteDoc): CheckinSite {
  return {
    id: site._id,
    code: site.code,
    location: site.location,
    radiusM: site.radiusM,
    wifiBssids: site.wifiBssids,
  };
}

function answerOf(record: CheckinDoc, activity: ActivityDoc, duplicate: boolean): TCheckInOutput {
  return {
    checkinId: record._id,
    activityId: record.activityId,
    status: record.status === 'approved' ? 'approved' : record.status === 'pending' ? 'pending' : 'rejected',
    flags: [...(record.flags ?? [])],
    duplicate,
    activityTitle: activity.title,
    checkedInAt: record.checkedInAt,
  };
}

/** A duplicate creates nothing; its answer is kept for the nonce so a retry gets the same one. */
async function rememberDuplicate(
  existing: CheckinDoc,
  activity: ActivityDoc,
  nonce: string,
  now: number,
): Promise<TCheckInOutput> {
  const answer = answerOf(existing, activity, true);
  return rememberScan({
    _id: scanId(existing.memberId, nonce),
    memberId: existing.memberId,
    activityId: activity._id,
    nonce,
    answer,
    at: now,
  });
}
