/**
 * Turns a refusal decision into the DomainError the envelope wrapper answers. The rules return
 * decisions (testable without try/catch); the handler throws at its edge. see docs/checkin.md
 * ("Refusals") — the mini-program shows its own Chinese text per code and reason.
 */
import type { ErrorCode } from '../../../../types/errors';
import { DomainError } from '../../errors';

const MESSAGES: Record<string, string> = {
  cancelled: 'the activity was cancelled',
  malformed: 'not a check-in code',
  other_activity: 'the code belongs to another activity',
  bad_signature: 'the code is not genuine',
  future_window: 'the code is not valid yet (display clock ahead?)',
  expired: 'the code has expired',
  proof_mode: 'this activity does not accept this kind of code',
  site_mismatch: 'the site code does not belong to this activity',
  before_open: 'check-in has not opened yet',
  after_close: 'check-in has closed',
  not_expected: 'the member is not an expected attendee',
  location_missing: 'a location is required',
  none_open: 'no activity is open for check-in at this site',
  no_record: 'the member has not checked in',
  rejected: 'the check-in was rejected',
  too_late: 'check-out has closed',
};

export function refusalError(
  refusal: { code: ErrorCode; reason: string },
  extra: Record<string, unknown> = {},
): DomainError {
  return new DomainError(refusal.code, MESSAGES[refusal.reason] ?? refusal.code, {
    ...extra,
    reason: refusal.reason,
  });
}

/**
 * What the member's screen needs to offer the next step (issue #16: "every refusal that names an
 * action offers it"): for a genuine code of this activity that is only too old or out of the window,
 * the activity (申请补签 opens its page) and the window (签到将于 HH:mm 开放). Other refusals add
 * nothing: a malformed or foreign code must not learn which activity it looked like.
 */
export function refusalContext(
  refusal: { code: ErrorCode; reason: string },
  activityId: string,
  window: { opensAt: number; closesAt: number },
): Record<string, unknown> {
  if (refusal.code === 'CODE_EXPIRED' || refusal.code === 'OUTSIDE_WINDOW') {
    return { activityId, opensAt: window.opensAt, closesAt: window.closesAt };
  }
  return {};
}
