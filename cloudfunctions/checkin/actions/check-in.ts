import type { TCheckInInput, TCheckInOutput } from '../../../types/checkin';
import { isExpectedMember } from '../../core/domain/attendance/roster';
import {
  activityAtSite,
  claimedScanTime,
  DEFAULT_CHECKIN_POLICY,
  evaluateCheckIn,
  peerFlags,
  refusalContext,
  refusalError,
  type CheckinDecision,
  type CheckinSite,
} from '../../core/domain/checkin';
import { MAX_CLOSE_AFTER_START_MS, MAX_OPEN_BEFORE_START_MS } from '../../core/domain/activity/schedule';
import { parseScannedCode } from '../../core/domain/rotating-code';
import { checkinWindow } from '../../core/domain/window';
import { DomainError } from '../../core/errors';
import {
  getActivityDoc,
  getActivityDocFresh,
  listSiteActivities,
  type ActivityDoc,
} from '../../core/repos/activities';
import {
  checkinId,
  findPeers,
  getCheckin,
  findCheckinByNonce,
  insertCheckin,
  type CheckinDoc,
  type PeerRow,
} from '../../core/repos/checkins';
import { flagPeers } from './flag-peers';
import { getScan, rememberScan, scanId } from '../../core/repos/checkin-scans';
import { findSiteByCode, getSite, type SiteDoc } from '../../core/repos/sites';
import type { MemberCaller } from '../../core/auth/caller';
import type { ActionContext } from '../../core/router';

/**
 * checkin.checkIn — the flow of docs/checkin.md ("Flow", "Nonce and duplicates").
 *
 * The happy path costs three database requests after the caller's own row: the activity and the
 * risk-flag peers (in parallel), then the insert. The member's existing record is NOT read first:
 * the insert of the deterministic id `<activityId>:<memberId>` (plus the unique index) is the
 * duplicate check, so two racing uploads can never both create a record. Only when the insert is
 * refused (a duplicate) or the rule refuses (maybe a retry whose code has expired since) does the
 * handler read what is stored for this member and nonce, and answer the stored answer if there is one.
 */
const POLICY = DEFAULT_CHECKIN_POLICY;

export async function checkIn(
  input: TCheckInInput,
  ctx: ActionContext<MemberCaller>,
): Promise<TCheckInOutput> {
  const member = ctx.caller.member;
  const now = ctx.now;
  const scanned = parseScannedCode(input.code);
  const location = input.location ?? null;
  const deviceId = input.deviceId || null;

  // The activity the code points at (a warm instance keeps it for 2 s, repos/activities.ts), and —
  // for a rotating code, which names its activity — the peers the risk flags need, at the same time.
  const peersOf = (activityId: string) => findPeers(activityId, deviceId, location);
  const earlyPeers = scanned.kind === 'rotating' ? peersOf(scanned.activityId) : null;
  earlyPeers?.catch(() => undefined); // awaited below; never an unhandled rejection meanwhile
  const resolved = await resolveActivity(scanned, input.scannedAt ?? null, now);
  if (resolved.kind === 'refuse') throw (await storedAnswer(member.id, input.nonce, null)) ?? resolved.error;
  const { activity } = resolved;
  const id = checkinId(activity._id, member.id);
  const site =
    resolved.site !== undefined ? resolved.site : activity.siteId ? await getSite(activity.siteId) : null;
  const peersP = earlyPeers ?? peersOf(activity._id);
  peersP.catch(() => undefined);

  const evaluate = (peers: readonly PeerRow[]) =>
    evaluateCheckIn<CheckinDoc>({
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
      // Not read up front: the insert below is the duplicate check (see above).
      existing: { mine: null, peers },
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

  // Every refusal is decided without the peers (they only add flags): a refusal does not wait for them.
  const decision = evaluate([]);
  if (decision.kind === 'reject') {
    // A retried upload whose code has expired since keeps its first answer.
    const kept = await storedAnswer(member.id, input.nonce, activity);
    if (kept) return kept;
    throw refusalError(decision, refusalContext(decision, activity._id, checkinWindow(activity)));
  }
  if (decision.kind === 'duplicate') throw new Error('unreachable: evaluated without an existing record');

  // One insert carries the final status and flags (S-12): the peers are read before it (started
  // together with the activity read, so they are usually there already).
  const others = (await peersP).filter((p) => p.memberId !== member.id);
  const final = evaluate(others);
  if (final.kind !== 'accept') throw new Error('unreachable: peers changed a refusal');
  const doc = recordOf(final, {
    id,
    activity,
    memberId: member.id,
    memberName: member.name,
    nonce: input.nonce,
    deviceId,
    location,
    now,
  });
  if (!(await insertCheckin(doc))) {
    // The member already has a record (an earlier scan, or a racing twin): the database kept one.
    const existing = await getCheckin(id);
    if (!existing) throw new Error(`check-in ${id} refused as duplicate but not found`);
    if (existing.nonce === input.nonce) return answerOf(existing, activity, false);
    return rememberDuplicate(existing, activity, input.nonce, now);
  }
  // Shared device / identical coordinates: the peers this record names get the flag too, so the
  // secretary sees both sides; a peer the system approved goes back to review when the activity's
  // approval mode says so (S-12). One transaction with its audit entries (actor `system`).
  const ev = final.evidence;
  if (ev.devicePeers.length > 0 || ev.coordinatePeers.length > 0) {
    await flagPeers({
      activityId: activity._id,
      branchId: activity.branchId,
      approval: activity.checkin.approval,
      byCheckinId: id,
      add: peerFlags(ev),
      now,
      requestId: ctx.requestId,
    });
  }
  return answerOf(doc, activity, false);
}

function recordOf(
  decision: Extract<CheckinDecision<CheckinDoc>, { kind: 'accept' }>,
  r: {
    id: string;
    activity: ActivityDoc;
    memberId: string;
    memberName: string;
    nonce: string;
    deviceId: string | null;
    location: TCheckInInput['location'] | null;
    now: number;
  },
): CheckinDoc {
  const loc = r.location;
  return {
    _id: r.id,
    activityId: r.activity._id,
    memberId: r.memberId,
    branchId: r.activity.branchId,
    memberName: r.memberName,
    status: decision.status,
    method: decision.evidence.proofKind,
    flags: decision.flags,
    at: decision.checkedInAt,
    checkedInAt: decision.checkedInAt,
    nonce: r.nonce,
    deviceId: r.deviceId,
    location: loc ? { lat: loc.lat, lng: loc.lng, accuracy: loc.accuracy } : null,
    evidence: decision.evidence,
    createdAt: r.now,
    updatedAt: r.now,
  };
}

/**
 * The first answer given to (member, nonce), if any: the record it created, or the duplicate answer
 * kept in the scan ledger. Read only on the refusal path.
 */
async function storedAnswer(
  memberId: string,
  nonce: string,
  activity: ActivityDoc | null,
): Promise<TCheckInOutput | null> {
  const [scan, record] = await Promise.all([
    getScan(memberId, nonce),
    activity ? getCheckin(checkinId(activity._id, memberId)) : Promise.resolve(null),
  ]);
  if (scan) return scan.answer;
  if (record && activity && record.nonce === nonce) return answerOf(record, activity, false);
  if (!activity) {
    // The code no longer resolves (e.g. a site code after the window): the ledger of records by nonce.
    const mine = await findCheckinByNonce(memberId, nonce);
    if (mine) {
      const a = await getActivityDoc(mine.activityId);
      if (a) return answerOf(mine, a, false);
    }
  }
  return null;
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
    const activity = await getActivityDocFresh(scanned.activityId, now);
    // An unknown activity reads like a forged code: nothing about what exists is revealed.
    return activity ? { kind: 'found', activity } : invalid();
  }
  const site = await findSiteByCode(scanned.siteCode);
  if (!site) return invalid();
  // The activity (and so its own offline limit) is not known yet: resolve with the cap; the rule
  // then judges the claim against the activity's limit.
  const at = claimedScanTime(scannedAt, now, POLICY, POLICY.maxOfflineDelayCapMs).scannedAt ?? now;
  // the schedule rule bounds every window to [start − 1 day, start + 7 days]
  const candidates = await listSiteActivities(
    site._id,
    at - MAX_CLOSE_AFTER_START_MS,
    at + MAX_OPEN_BEFORE_START_MS,
  );
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
