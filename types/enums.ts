/**
 * Every closed list of values the API speaks, once, with no dependency: the functions build their zod
 * schemas from these lists (`z.enum(ACTIVITY_TYPES)` in ./activity.ts …) and the mini-program imports
 * them by value (`import { ACTIVITY_TYPES } from '@contract/enums'`) without pulling zod into its
 * bundle. Chinese names of each value: ./labels.ts (a table per list, typed so a missing value is a
 * type error).
 *
 * Keep this file free of imports: it is compiled into the mini-program as it is.
 */

// ---- member -------------------------------------------------------------------------------------
export const ROLES = ['member', 'secretary', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/**
 * A roster row's life: `unbound` (imported, no WeChat user) → `pending` (a user asked to bind, the
 * secretary decides) → `active`; a rejected binding returns the row to `unbound`; `left` after an
 * admin completes a member's request to leave (or unbinds them for good).
 */
export const MEMBER_STATUSES = ['unbound', 'pending', 'active', 'left'] as const;
export type MemberStatus = (typeof MEMBER_STATUSES)[number];

/** 教工支部, 学生支部, 机关职能部门支部, 离退休支部. */
export const BRANCH_KINDS = ['teacher', 'student', 'functional', 'retired'] as const;
export type BranchKind = (typeof BRANCH_KINDS)[number];

/** Per-row refusal codes of a roster import (the good rows are imported regardless). */
export const ROSTER_ROW_ERRORS = [
  'NAME_REQUIRED',
  'STAFF_NO_REQUIRED',
  'STAFF_NO_INVALID',
  'PHONE_INVALID',
  'DUPLICATE_IN_FILE',
  'STAFF_NO_IN_OTHER_BRANCH',
] as const;
export type RosterRowError = (typeof ROSTER_ROW_ERRORS)[number];

export const BINDING_STATUSES = ['pending', 'approved', 'rejected', 'ended'] as const;
export type BindingStatus = (typeof BINDING_STATUSES)[number];

/** What `member.myData` lists: the collections that hold something about the caller. */
export const MY_DATA_COLLECTIONS = [
  'bindings',
  'audit',
  'checkins',
  'requests',
  'credits',
  'throttles',
] as const;
export type MyDataCollection = (typeof MY_DATA_COLLECTIONS)[number];

// ---- decisions ----------------------------------------------------------------------------------
export const DECISIONS = ['approve', 'reject'] as const;
export type Decision = (typeof DECISIONS)[number];

// ---- activity -----------------------------------------------------------------------------------
export const ACTIVITY_TYPES = [
  'branch_congress',
  'committee_meeting',
  'group_meeting',
  'party_lecture',
  'theme_day',
  'volunteer',
  'frontline_practice',
] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];

export const SITE_KINDS = [
  'lab',
  'teaching_office',
  'clinical_skills_center',
  'internship_base',
  'community_clinic',
  'service_window',
  'other',
] as const;
export type SiteKind = (typeof SITE_KINDS)[number];

export const ACTIVITY_STATUSES = ['scheduled', 'cancelled'] as const;
export type ActivityStatus = (typeof ACTIVITY_STATUSES)[number];

/** Which proof a check-in must carry: the organiser's rotating QR, the printed site code, or either. */
export const PROOF_MODES = ['rotating', 'site', 'either'] as const;
export type ProofMode = (typeof PROOF_MODES)[number];

/** `risk`: approve automatically unless a risk flag is raised. */
export const APPROVAL_MODES = ['auto', 'manual', 'risk'] as const;
export type ApprovalMode = (typeof APPROVAL_MODES)[number];

/** The caller's own standing for an activity. */
export const MY_ACTIVITY_STATUSES = [
  'not_expected',
  'upcoming',
  'open',
  'checked_in',
  'pending',
  'rejected',
  'leave_pending',
  'on_leave',
  'makeup_pending',
  'absent',
  'cancelled',
] as const;
export type MyActivityStatus = (typeof MY_ACTIVITY_STATUSES)[number];

// ---- checkin ------------------------------------------------------------------------------------
export const CHECKIN_STATUSES = ['approved', 'pending', 'rejected'] as const;
export type CheckinStatus = (typeof CHECKIN_STATUSES)[number];

/** How the record came to be: scanned rotating code, site code, secretary's 补录 (forced), approved 补签. */
export const CHECKIN_METHODS = ['rotating', 'site', 'manual', 'makeup'] as const;
export type CheckinMethod = (typeof CHECKIN_METHODS)[number];

/** Risk flags shown to the secretary (docs/checkin.md). */
export const CHECKIN_FLAGS = [
  'device_shared',
  'same_coordinates',
  'too_fast',
  'offline_late',
  'outside_fence',
  'low_accuracy',
] as const;
export type CheckinFlag = (typeof CHECKIN_FLAGS)[number];

// ---- attendance ---------------------------------------------------------------------------------
export const QUEUE_KINDS = ['checkin', 'leave', 'makeup'] as const;
export type QueueKind = (typeof QUEUE_KINDS)[number];

export const REQUEST_KINDS = ['leave', 'makeup'] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];

/** `revoked`: an approval the secretary undid (with a reason); `withdrawn`: the member took it back (撤回) while pending. The request stays. */
export const REQUEST_STATUSES = ['pending', 'approved', 'rejected', 'revoked', 'withdrawn'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export const MINUTES_STATUSES = ['draft', 'complete'] as const;
export type MinutesStatus = (typeof MINUTES_STATUSES)[number];

export const DELEGATION_STATUSES = ['active', 'expired', 'revoked', 'scheduled'] as const;
export type DelegationStatus = (typeof DELEGATION_STATUSES)[number];

/** What became of one expected member at one activity (roster, statistics, export). */
export const ATTENDANCE_STATUSES = ['present', 'pending', 'leave', 'absent'] as const;
export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number];

// ---- reminder -----------------------------------------------------------------------------------
/** Template keys the app knows; each maps to a WeChat template id by configuration. */
/** `taskReminder`: a project task gone silent (the `project` function's idle timer, docs/projects.md). */
/** `bindingDecided`: the applicant hears that the secretary approved or rejected their binding (member.reviewBinding). */
export const TEMPLATE_KEYS = [
  'meetingReminder',
  'meetingCancelled',
  'taskReminder',
  'bindingDecided',
] as const;
export type TemplateKey = (typeof TEMPLATE_KEYS)[number];

/** When a reminder is due: 24 h before the start, 60 min before, a secretary's nudge, a cancellation. */
export const REMINDER_KINDS = ['day_before', 'hour_before', 'nudge', 'cancelled'] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

// ---- volunteer (先锋领航; docs/volunteer.md) ------------------------------------------------------
export const HOURS_KINDS = ['verified', 'added', 'reported'] as const;
export type HoursKind = (typeof HOURS_KINDS)[number];

/** `superseded`: a correction replaced this entry (both stay, with who and why). */
export const HOURS_STATUSES = ['pending', 'confirmed', 'rejected', 'superseded'] as const;
export type HoursStatus = (typeof HOURS_STATUSES)[number];

export const ROUNDING_MODES = ['floor', 'nearest'] as const;
export type RoundingMode = (typeof ROUNDING_MODES)[number];

export const TEAM_MEMBER_STATUSES = ['pending', 'active', 'rejected'] as const;
export type TeamMemberStatus = (typeof TEAM_MEMBER_STATUSES)[number];

export const SIGNUP_STATUSES = ['signed_up', 'cancelled'] as const;
export type SignupStatus = (typeof SIGNUP_STATUSES)[number];

/** Why proposed hours need a leader (shown in the queue beside the check-in flags). */
export const HOURS_FLAGS = [
  'no_checkout',
  'duration_unverified',
  'below_min_stay',
  'daily_cap',
  'checkin_pending',
  'own_entry',
  'no_evidence',
] as const;
export type HoursFlag = (typeof HOURS_FLAGS)[number];
// ---- project (行动项目 / 设岗定责; docs/projects.md) -------------------------------------------
export const PROJECT_STATUSES = ['draft', 'active', 'closed'] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

/** Who may claim: members of the project's branch, or every active member of the university. */
export const OPEN_TO = ['branch', 'all'] as const;
export type OpenTo = (typeof OPEN_TO)[number];

export const PROJECT_CATEGORIES = [
  'teaching',
  'research',
  'clinical',
  'safety',
  'community',
  'service',
  'other',
] as const;
export type ProjectCategory = (typeof PROJECT_CATEGORIES)[number];

/**
 * A claim's status. Seat-holding: pending, active, in_review, done. Open (count against the
 * member's cap): pending, active, in_review. Ended: released, auto_released, rejected.
 */
export const CLAIM_STATUSES = [
  'pending',
  'active',
  'in_review',
  'done',
  'released',
  'auto_released',
  'rejected',
] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];

/** A task on the board. */
export const TASK_STATES = ['open', 'in_progress', 'full', 'in_review', 'done', 'overdue'] as const;
export type TaskState = (typeof TASK_STATES)[number];

export const RATINGS = ['excellent', 'good', 'pass', 'fail'] as const;
export type Rating = (typeof RATINGS)[number];

/** Every history entry of a claim (nothing is ever deleted). */
export const HISTORY_ACTIONS = [
  'claimed',
  'approved',
  'rejected',
  'released',
  'auto_released',
  'warned',
  'progress',
  'submitted',
  'returned',
  'accepted',
] as const;
export type HistoryAction = (typeof HISTORY_ACTIONS)[number];

export const PHOTO_EXTS = ['jpg', 'jpeg', 'png', 'webp'] as const;
export type PhotoExt = (typeof PHOTO_EXTS)[number];

// ---- audit --------------------------------------------------------------------------------------
/**
 * Every `action` an audit entry may record (`core/repos/audit.ts` takes only these): a new kind of
 * state change adds its name here and its Chinese name in ./labels.ts `AUDIT_ACTION_LABELS`.
 */
export const AUDIT_ACTIONS = [
  'member.createBranch',
  'member.updateBranch',
  'member.importRoster',
  'member.bind',
  'member.reviewBinding',
  'member.setRoles',
  'member.unbind',
  'member.requestDeletion',
  'member.completeDeletion',
  'site.create',
  'site.update',
  'activity.create',
  'activity.update',
  'activity.cancel',
  'checkin.flag',
  'checkin.manualAdd',
  'request.leave',
  'request.makeup',
  'request.withdraw',
  'review.approve',
  'review.reject',
  'review.undo',
  'minutes.save',
  'minutes.complete',
  'delegation.create',
  'delegation.revoke',
  'attendance.export',
  'reminder.nudge',
  // volunteer (先锋领航)
  'volunteer.team.create',
  'volunteer.team.rules',
  'volunteer.team.leaders',
  'volunteer.team.add',
  'volunteer.join.approve',
  'volunteer.join.reject',
  'volunteer.event.create',
  'volunteer.hours.auto',
  'volunteer.hours.confirm',
  'volunteer.hours.reject',
  'volunteer.hours.add',
  'volunteer.hours.correct',
  'volunteer.export',
  'project.create',
  'project.addTask',
  'project.updateTask',
  'project.activate',
  'project.close',
  'project.settings',
  'project.export',
  'project.overdue',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** What an audit entry is about (`targetType`). */
export const AUDIT_TARGETS = [
  'branch',
  'member',
  'site',
  'activity',
  'checkin',
  'leave',
  'makeup',
  'minutes',
  'delegation',
  'export',
  'team',
  'team_member',
  'hours',
  'project',
  'project_task',
] as const;
export type AuditTarget = (typeof AUDIT_TARGETS)[number];

/** `true` when `x` is one of `list` (narrows a string read from storage or a URL). */
export function isOneOf<T extends string>(list: readonly T[], x: unknown): x is T {
  return typeof x === 'string' && (list as readonly string[]).includes(x);
}
