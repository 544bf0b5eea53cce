/**
 * Every error code the API can answer, listed once. Stable SCREAMING_SNAKE strings: outside
 * programs and black-box tests rely on them (see shared CONTRACT.md). The mini-program maps each
 * to a Chinese message in `miniprogram/services/error-messages.ts`.
 */
export const ERROR_CODES = [
  // envelope / platform
  'UNAUTHENTICATED',
  'NOT_BOUND',
  'FORBIDDEN',
  'INVALID_ARGUMENT',
  'NOT_FOUND',
  'CONFLICT',
  'RATE_LIMITED',
  'INTERNAL',
  // member
  'ROSTER_NO_MATCH',
  'ROSTER_ROW_TAKEN',
  'ALREADY_BOUND',
  // check-in
  'CODE_INVALID',
  'CODE_EXPIRED',
  'OUTSIDE_WINDOW',
  'NOT_EXPECTED',
  'LOCATION_REQUIRED',
  'ACTIVITY_CANCELLED',
  'NO_ACTIVITY_AT_SITE',
  'NOT_CHECKED_IN',
  // attendance
  'LEAVE_TOO_LATE',
  'MAKEUP_WINDOW_CLOSED',
  'MINUTES_INCOMPLETE',
  // reminder
  'NO_CREDIT',
  // volunteer (docs/volunteer.md)
  'NOT_TEAM_MEMBER',
  'EVENT_FULL',
  'SIGNUP_CLOSED',
  'EVENT_NOT_ENDED',
  'HOURS_EXCEED_EVENT',
  'DAILY_CAP_EXCEEDED',
  'REPORT_DATE_INVALID',
  'EVIDENCE_NOT_OWNED',
  'NO_CONFIRMED_HOURS',
  'CERTIFICATE_INVALID',
  // project (docs/projects.md)
  'PROJECT_NOT_ACTIVE',
  'PROJECT_CLOSED',
  'PROJECT_HAS_NO_TASKS',
  'CLAIMS_IN_REVIEW',
  'TASK_FULL',
  'TASK_OVERDUE',
  'CLAIM_LIMIT',
  'INVALID_TRANSITION',
  'EVIDENCE_REQUIRED',
  'EVIDENCE_NOT_YOURS',
  'REVIEWER_IS_CLAIMER',
  'MEMBER_NOT_IN_BRANCH',
  'CAPACITY_BELOW_TAKEN',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export function isErrorCode(x: unknown): x is ErrorCode {
  return typeof x === 'string' && (ERROR_CODES as readonly string[]).includes(x);
}
