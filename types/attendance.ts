import * as z from 'zod';
import type { ActivityType } from './activity';
import type { CheckinFlag, CheckinMethod, CheckinStatus } from './checkin';
import {
  ATTENDANCE_STATUSES,
  DELEGATION_STATUSES,
  MINUTES_STATUSES,
  QUEUE_KINDS,
  REQUEST_KINDS,
  REQUEST_STATUSES,
  type AttendanceStatus,
  type AuditAction,
  type AuditTarget,
  type DelegationStatus,
  type MinutesStatus,
  type QueueKind,
  type RequestKind,
  type RequestStatus,
} from './enums';
import { type EpochMs, refineRange, zDecision, zId, zInstant, zLimit, zReason, zText } from './common';

/**
 * attendance: the secretary's queue, leave (请假) and make-up (补签) requests, manual add (补录),
 * undo, delegation, roster, minutes (会议记录), statistics, export, audit.
 * Flows and codes: cloudfunctions/attendance/README.md.
 */

export {
  ATTENDANCE_STATUSES,
  DELEGATION_STATUSES,
  MINUTES_STATUSES,
  QUEUE_KINDS,
  REQUEST_KINDS,
  REQUEST_STATUSES,
  type AttendanceStatus,
  type DelegationStatus,
  type MinutesStatus,
  type QueueKind,
  type RequestKind,
  type RequestStatus,
};

// ---- queue --------------------------------------------------------------------------------------
export const ZQueueInput = z
  .object({
    branchId: zId.optional(),
    activityId: zId.optional(),
    kind: z.enum(QUEUE_KINDS).optional(),
    limit: zLimit.optional(),
  })
  .strict();
export type TQueueInput = z.infer<typeof ZQueueInput>;
export interface TQueueItem {
  id: string;
  kind: QueueKind;
  activityId: string;
  activityTitle?: string;
  memberId: string;
  memberName: string;
  at: EpochMs;
  flags: CheckinFlag[];
  reason?: string;
  /** What the secretary weighs: distance from the site, accuracy, device, scan time. */
  evidence?: {
    distanceM?: number;
    accuracy?: number;
    deviceId?: string;
    scannedAt?: EpochMs;
    method?: CheckinMethod;
  };
}
export type TQueueOutput = TQueueItem[];

// ---- review (batch; answers per item) -----------------------------------------------------------
export const ZReviewInput = z
  .object({
    items: z
      .array(z.object({ id: zId, decision: zDecision, reason: zReason.optional() }).strict())
      .min(1)
      .max(200),
  })
  .strict();
export type TReviewInput = z.infer<typeof ZReviewInput>;
export interface TReviewItemResult {
  id: string;
  ok: boolean;
  status?: CheckinStatus | RequestStatus;
  /** An ErrorCode when `ok` is false (e.g. CONFLICT for an already decided item). */
  code?: string;
  /** Why a FORBIDDEN: a flagged item in a batch, or the reviewer's own record. */
  why?: 'needs_individual_review' | 'self_review';
}
export type TReviewOutput = TReviewItemResult[];

// ---- requestLeave / requestMakeup ---------------------------------------------------------------
export const ZRequestLeaveInput = z.object({ activityId: zId, reason: zReason }).strict();
export type TRequestLeaveInput = z.infer<typeof ZRequestLeaveInput>;
export interface TRequestLeaveOutput {
  id: string;
  status: 'pending';
}

export const ZRequestMakeupInput = z.object({ activityId: zId, reason: zReason }).strict();
export type TRequestMakeupInput = z.infer<typeof ZRequestMakeupInput>;
export interface TRequestMakeupOutput {
  id: string;
  status: 'pending';
}

/** The caller's own leave/make-up requests. */
export const ZMyRequestsInput = z.object({ activityId: zId.optional() }).strict();
export type TMyRequestsInput = z.infer<typeof ZMyRequestsInput>;
export interface TRequestItem {
  id: string;
  kind: RequestKind;
  activityId: string;
  status: RequestStatus;
  reason: string;
  reviewReason?: string;
  createdAt: EpochMs;
  decidedAt?: EpochMs;
}
export type TMyRequestsOutput = TRequestItem[];

/** 撤回: the member takes back their own request while it is still `pending` (else CONFLICT). */
export const ZWithdrawRequestInput = z.object({ id: zId }).strict();
export type TWithdrawRequestInput = z.infer<typeof ZWithdrawRequestInput>;
export interface TWithdrawRequestOutput {
  id: string;
  status: 'withdrawn';
}

// ---- manualAdd / undo ---------------------------------------------------------------------------
export const ZManualAddInput = z.object({ activityId: zId, memberId: zId, reason: zReason }).strict();
export type TManualAddInput = z.infer<typeof ZManualAddInput>;
export interface TManualAddOutput {
  checkinId: string;
}

/** Undo a wrong decision (check-in or request): the record changes status, never disappears. */
export const ZUndoInput = z.object({ id: zId, kind: z.enum(QUEUE_KINDS), reason: zReason }).strict();
export type TUndoInput = z.infer<typeof ZUndoInput>;
export interface TUndoOutput {
  id: string;
  status: 'revoked';
}

// ---- roster -------------------------------------------------------------------------------------
export const ZRosterInput = z.object({ activityId: zId }).strict();
export type TRosterInput = z.infer<typeof ZRosterInput>;
export interface TRosterEntry {
  memberId: string;
  name: string;
  at?: EpochMs;
  reason?: string;
  status?: CheckinStatus;
}
export interface TRosterOutput {
  expected: TRosterEntry[];
  present: TRosterEntry[];
  pending: TRosterEntry[];
  leave: TRosterEntry[];
  absent: TRosterEntry[];
}

// ---- minutes (会议记录) ----------------------------------------------------------------------------
export const ZGetMinutesInput = z.object({ activityId: zId }).strict();
export type TGetMinutesInput = z.infer<typeof ZGetMinutesInput>;
export interface TMinutes {
  activityId: string;
  status: MinutesStatus;
  chair?: string;
  recorder?: string;
  /** 第一议题. */
  firstTopic?: string;
  agenda?: string[];
  keyPoints?: string;
  decisions?: string;
  /** Filled in from the records. */
  attendance?: { expected: number; present: number; leave: number; absent: number; pending?: number };
  absentees?: {
    memberId: string;
    name: string;
    kind?: Exclude<AttendanceStatus, 'present'>;
    reason?: string;
  }[];
  updatedAt?: EpochMs;
  /** 时间 and 地点, filled in from the activity and its site (a typed place when it has none). */
  startAt?: EpochMs;
  endAt?: EpochMs;
  place?: string | null;
  activityTitle?: string;
  activityType?: ActivityType;
  /** More than half present; `matters` for 支部党员大会. */
  quorum?: { needed: number; present: number; met: boolean; matters: boolean };
  /** Required fields still empty (paths as in MINUTES_INCOMPLETE details). */
  missing?: { path: string; message: string }[];
}
export type TGetMinutesOutput = TMinutes | null;

export const ZSaveMinutesInput = z
  .object({
    activityId: zId,
    chair: zText(50).optional(),
    recorder: zText(50).optional(),
    firstTopic: zText(200).optional(),
    agenda: z.array(zText(200)).max(30).optional(),
    keyPoints: zText(5000).optional(),
    decisions: zText(5000).optional(),
    /** Typed place, used when the activity has no site. */
    place: zText(100).optional(),
    /** Typed reasons for unexcused absentees (approved leave shows its own reason). */
    absentees: z
      .array(z.object({ memberId: zId, reason: zText(200) }).strict())
      .max(500)
      .optional(),
    /** Mark complete: refused with MINUTES_INCOMPLETE while required fields are empty. */
    complete: z.boolean().optional(),
  })
  .strict();
export type TSaveMinutesInput = z.infer<typeof ZSaveMinutesInput>;
export interface TSaveMinutesOutput {
  status: MinutesStatus;
  /** e.g. `no_quorum` for a 支部党员大会 with half or fewer present. */
  warnings?: string[];
}

// ---- delegation ---------------------------------------------------------------------------------
export const ZDelegateInput = z
  .object({ branchId: zId, toMemberId: zId, from: zInstant, to: zInstant, reason: zReason.optional() })
  .strict()
  .superRefine(refineRange);
export type TDelegateInput = z.infer<typeof ZDelegateInput>;
export interface TDelegateOutput {
  id: string;
}

export const ZRevokeDelegationInput = z.object({ delegationId: zId }).strict();
export type TRevokeDelegationInput = z.infer<typeof ZRevokeDelegationInput>;
export interface TRevokeDelegationOutput {
  status: 'revoked';
}

export const ZListDelegationsInput = z.object({ branchId: zId.optional() }).strict();
export type TListDelegationsInput = z.infer<typeof ZListDelegationsInput>;
export interface TDelegation {
  id: string;
  branchId: string;
  fromMemberId: string;
  fromName?: string;
  toMemberId: string;
  toName?: string;
  from: EpochMs;
  to: EpochMs;
  status: DelegationStatus;
}
export type TListDelegationsOutput = TDelegation[];

// ---- stats / export -----------------------------------------------------------------------------
/** `branchId` omitted: admin sees every branch side by side. */
/** Longest `from`–`to` span of `stats` and `export`: a year (the dashboard's widest range), plus a leap day. */
export const REPORT_RANGE_MAX_DAYS = 366;

/** `to` not before `from`, and at most REPORT_RANGE_MAX_DAYS after it (one invocation reads the range). */
function refineReportRange(v: { from?: number; to?: number }, ctx: z.RefinementCtx): void {
  refineRange(v, ctx);
  if (v.from !== undefined && v.to !== undefined && v.to - v.from > REPORT_RANGE_MAX_DAYS * 86_400_000) {
    ctx.addIssue({
      code: 'custom',
      path: ['to'],
      message: `at most ${REPORT_RANGE_MAX_DAYS} days after from`,
    });
  }
}

/** The admin overview's page size: a phone shows 20 branches at a time. */
export const OVERVIEW_PAGE_MAX = 50;
export const ZStatsInput = z
  .object({
    branchId: zId.optional(),
    from: zInstant,
    to: zInstant,
    /**
     * The admin overview (no `branchId`) only: branches off track first (a 三会一课 period over and
     * missed, or silent), then by name; `offTrack` keeps only those, `q` those whose name contains
     * it; `offset`/`limit` the page (default 0 / 20).
     */
    offTrack: z.boolean().optional(),
    q: z.string().trim().max(40).optional(),
    offset: z.number().int().min(0).max(100_000).optional(),
    limit: z.number().int().min(1).max(OVERVIEW_PAGE_MAX).optional(),
  })
  .strict()
  .superRefine(refineReportRange);
export type TStatsInput = z.infer<typeof ZStatsInput>;
export interface TMemberStats {
  memberId: string;
  name: string;
  expected: number;
  present: number;
  excused: number;
  absent: number;
  /** Still undecided (counted in expected, neither present nor absent yet). */
  pending?: number;
  /** present / (expected − excused), 0..1; null when nothing was expected. */
  rate: number | null;
}
export interface TTypeStats {
  type: ActivityType;
  held: number;
  required: number;
  /** The frequency rule, e.g. `支部委员会（每月）`; `key` tells 廉政党课 apart from other lectures. */
  key?: string;
  label?: string;
  /** Common practice (主题党日, 廉政党课): shown as advice, never as a breach. */
  advisory?: boolean;
  /** Periods over that were missed. */
  missed?: number;
}
export interface TBranchStats {
  branchId: string;
  branchName?: string;
  members: TMemberStats[];
  types: TTypeStats[];
  /** Days since the last activity when over the 30-day "silent branch" line. */
  silentDays?: number;
  /**
   * Overview only: the branch's history is not summarised yet (the `summaries` timer's first runs
   * after a deployment or an import are still building it): its numbers are not judged — neither
   * silent nor off track — until they are.
   */
  refreshing?: boolean;
  /** Per member per Shanghai quarter (`2026-Q4`), excused apart. */
  byQuarter?: (TMemberStats & { period: string })[];
  /** Activities held in the range. */
  held?: number;
  lastActivityAt?: EpochMs | null;
  /**
   * The admin overview's attendance totals of the held activities in the range (from the running
   * summaries; the overview has no per-member lines): excused = approved leave, rate = present /
   * (expected − excused).
   */
  totals?: {
    expected: number;
    present: number;
    excused: number;
    absent: number;
    pending: number;
    rate: number | null;
  };
}
export type TStatsOutput =
  | TBranchStats
  | {
      branches: TBranchStats[];
      /** activities whose changed attendance is still waiting to be counted (within 5 minutes) */
      refreshing?: number;
      /** branches whose history is still being summarised (`TBranchStats.refreshing`) */
      refreshingBranches?: number;
      /** branches matching `q` / `offTrack` (the page is `branches`) */
      total?: number;
      /** every branch, and how many of them are off track */
      all?: number;
      offTrackCount?: number;
      /**
       * The whole Shanghai months the attendance totals cover (the month of `from` to the month of
       * `to`): the overview adds up months, like the compliance periods it judges whole.
       */
      months?: { from: EpochMs; to: EpochMs };
    };

export const ZExportInput = z
  .object({ branchId: zId, from: zInstant, to: zInstant })
  .strict()
  .superRefine(refineReportRange);
export type TExportInput = z.infer<typeof ZExportInput>;
/**
 * The workbook itself, base64 (README "Release": no storage file, no temporary URL — a released
 * mini-program may download only from its allowed domains, and a file at rest would be personal data
 * a storage rule cannot give to exactly this secretary).
 */
export interface TInlineFile {
  fileName: string;
  contentType: string;
  bytes: number;
  contentBase64: string;
}
export type TExportOutput = TInlineFile;
/** The largest workbook answered inline (the callFunction reply is capped by the platform). */
export const EXPORT_MAX_BYTES = 3 * 1024 * 1024;

// ---- audit --------------------------------------------------------------------------------------
export const ZAuditInput = z
  .object({
    branchId: zId.optional(),
    activityId: zId.optional(),
    limit: zLimit.optional(),
    /** Cursor: the `at` of the last entry shown (entries strictly older come next)… */
    before: zInstant.optional(),
    /** …and its id, so entries sharing that `at` (a batch review) are neither skipped nor repeated. */
    beforeId: z.string().min(1).max(200).optional(),
  })
  .strict();
export type TAuditInput = z.infer<typeof ZAuditInput>;
export interface TAuditEntry {
  id: string;
  at: EpochMs;
  /** Who acted (member id, or openid for a bootstrap admin without a roster row). */
  actor: string;
  actorName?: string;
  /**
   * An actor without a roster row: `admin` (a bootstrap admin from APP_ADMIN_OPENIDS) or `applicant`
   * (a WeChat user asking to bind; `actorName` is the name of the row asked for).
   */
  actorRole?: 'admin' | 'applicant';
  /** For delegated decisions: the secretary who delegated. */
  onBehalfOf?: string;
  onBehalfOfName?: string;
  action: AuditAction;
  targetType: AuditTarget;
  targetId: string;
  /** Whose check-in / request / roster row it was (member name), when the target is one. */
  targetName?: string;
  branchId?: string;
  activityId?: string;
  before?: unknown;
  after?: unknown;
  reason?: string;
}
export type TAuditOutput = TAuditEntry[];
