import type { ClaimStatus, ProjectStatus } from '../../../../types/project';

/**
 * The claim state machine (docs/projects.md "Claim states"). Pure: who may trigger an event is the
 * policy's business; this only says whether the event is allowed from a status and where it leads.
 *
 *   (none|released|auto_released|rejected) --claim--> pending (requiresApproval) | active
 *   pending   --approve--> active        pending --reject--> rejected     pending --release--> released
 *   active    --progress--> active       active  --submit--> in_review
 *   active    --release--> released      active  --auto_release--> auto_released
 *   in_review --accept--> done           in_review --return--> active
 *   done: final.
 */
export const CLAIM_EVENTS = [
  'claim',
  'approve',
  'reject',
  'release',
  'auto_release',
  'progress',
  'submit',
  'accept',
  'return',
] as const;
export type ClaimEvent = (typeof CLAIM_EVENTS)[number];

/** Statuses that hold a seat of the task (count against its capacity). */
export const SEAT_STATUSES: readonly ClaimStatus[] = ['pending', 'active', 'in_review', 'done'];
/** Statuses that count against the member's cap of open claims. */
export const OPEN_STATUSES: readonly ClaimStatus[] = ['pending', 'active', 'in_review'];
/** Ended claims: the member may claim the task again (a new round of the same claim). */
export const ENDED_STATUSES: readonly ClaimStatus[] = ['released', 'auto_released', 'rejected'];

export const holdsSeat = (s: ClaimStatus): boolean => SEAT_STATUSES.includes(s);
export const isOpen = (s: ClaimStatus): boolean => OPEN_STATUSES.includes(s);
export const isEnded = (s: ClaimStatus): boolean => ENDED_STATUSES.includes(s);

export type Transition = { ok: true; to: ClaimStatus } | { ok: false };

const TABLE: Partial<Record<ClaimStatus, Partial<Record<ClaimEvent, ClaimStatus>>>> = {
  pending: { approve: 'active', reject: 'rejected', release: 'released' },
  active: { progress: 'active', submit: 'in_review', release: 'released', auto_release: 'auto_released' },
  in_review: { accept: 'done', return: 'active' },
};

/**
 * Where `event` takes a claim in status `from` (`null`: no claim yet). `claim` from an ended status
 * starts a new round; `requiresApproval` decides between pending and active.
 */
export function transition(
  from: ClaimStatus | null,
  event: ClaimEvent,
  opts: { requiresApproval?: boolean } = {},
): Transition {
  if (event === 'claim') {
    if (from === null || isEnded(from)) return { ok: true, to: opts.requiresApproval ? 'pending' : 'active' };
    return { ok: false };
  }
  if (from === null) return { ok: false };
  const to = TABLE[from]?.[event];
  return to ? { ok: true, to } : { ok: false };
}

/** Seat and open-claim deltas of a transition, for the task counter and the member's counter. */
export function counterDelta(from: ClaimStatus | null, to: ClaimStatus): { seats: number; open: number } {
  const seat = (s: ClaimStatus | null) => (s !== null && holdsSeat(s) ? 1 : 0);
  const open = (s: ClaimStatus | null) => (s !== null && isOpen(s) ? 1 : 0);
  return { seats: seat(to) - seat(from), open: open(to) - open(from) };
}

/** Project lifecycle: draft → active → closed; a draft may be closed (dropped); closed is final. */
export const PROJECT_EVENTS = ['activate', 'close'] as const;
export type ProjectEvent = (typeof PROJECT_EVENTS)[number];

export function projectTransition(
  from: ProjectStatus,
  event: ProjectEvent,
): { ok: true; to: ProjectStatus } | { ok: false } {
  if (event === 'activate' && from === 'draft') return { ok: true, to: 'active' };
  if (event === 'close' && (from === 'draft' || from === 'active')) return { ok: true, to: 'closed' };
  return { ok: false };
}
