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

export function refusalError(refusal: { code: ErrorCode; reason: string }): DomainError {
  return new DomainError(refusal.code, MESSAGES[refusal.reason] ?? refusal.code, { reason: refusal.reason });
}
