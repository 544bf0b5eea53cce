/**
 * Sign-up to a volunteer event (docs/volunteer.md "Sign-up"). Pure: the handler reads the event and
 * the member's sign-up inside one transaction and writes what this rule decides, so the seat count
 * on the event document is exact under concurrency (the transaction aborts on a write clash).
 */
import type { SignupStatus } from '../../../../types/volunteer';

export interface SignupEvent {
  status: 'scheduled' | 'cancelled' | string;
  startAt: number;
  capacity: number;
  signedUp: number;
  /** inclusive: a sign-up stamped exactly at the deadline counts */
  signupClosesAt: number;
}

export type SignupDecision =
  | { kind: 'already' }
  | { kind: 'sign_up'; signedUp: number }
  | { kind: 'refuse'; code: 'EVENT_FULL' | 'SIGNUP_CLOSED' | 'ACTIVITY_CANCELLED' | 'NOT_TEAM_MEMBER' };

/** The default deadline: the event's start. */
export function signupDeadline(e: { startAt: number; signupClosesAt?: number | null }): number {
  return e.signupClosesAt ?? e.startAt;
}

/**
 * Order: already signed up → the same answer (idempotent, even after the deadline or when full);
 * not a team member → NOT_TEAM_MEMBER; cancelled → ACTIVITY_CANCELLED; after the deadline →
 * SIGNUP_CLOSED; no seat left → EVENT_FULL; else take a seat.
 */
export function evaluateSignUp(
  event: SignupEvent,
  mine: SignupStatus | null,
  isTeamMember: boolean,
  now: number,
): SignupDecision {
  if (mine === 'signed_up') return { kind: 'already' };
  if (!isTeamMember) return { kind: 'refuse', code: 'NOT_TEAM_MEMBER' };
  if (event.status === 'cancelled') return { kind: 'refuse', code: 'ACTIVITY_CANCELLED' };
  if (now > event.signupClosesAt) return { kind: 'refuse', code: 'SIGNUP_CLOSED' };
  if (event.signedUp >= event.capacity) return { kind: 'refuse', code: 'EVENT_FULL' };
  return { kind: 'sign_up', signedUp: event.signedUp + 1 };
}

export type CancelDecision =
  | { kind: 'already' }
  | { kind: 'cancel'; signedUp: number }
  | { kind: 'refuse'; code: 'SIGNUP_CLOSED' | 'NOT_FOUND' };

/** Cancel before the deadline (inclusive) reopens the seat; a second cancel answers the same. */
export function evaluateCancelSignUp(
  event: SignupEvent,
  mine: SignupStatus | null,
  now: number,
): CancelDecision {
  if (mine === null) return { kind: 'refuse', code: 'NOT_FOUND' };
  if (mine === 'cancelled') return { kind: 'already' };
  if (event.status !== 'cancelled' && now > event.signupClosesAt)
    return { kind: 'refuse', code: 'SIGNUP_CLOSED' };
  return { kind: 'cancel', signedUp: Math.max(0, event.signedUp - 1) };
}
