import type { TInlineFile } from './attendance';
import * as z from 'zod';
import { type EpochMs, refineRange, zDecision, zId, zInstant, zRangeFields, zReason, zText } from './common';
import {
  OPEN_TO,
  PHOTO_EXTS,
  PROJECT_CATEGORIES,
  PROJECT_STATUSES,
  RATINGS,
  type ClaimStatus,
  type HistoryAction,
  type OpenTo,
  type ProjectCategory,
  type ProjectStatus,
  type Rating,
  type TaskState,
} from './enums';

export {
  CLAIM_STATUSES,
  HISTORY_ACTIONS,
  OPEN_TO,
  PHOTO_EXTS,
  PROJECT_CATEGORIES,
  PROJECT_STATUSES,
  RATINGS,
  TASK_STATES,
  type ClaimStatus,
  type HistoryAction,
  type OpenTo,
  type PhotoExt,
  type ProjectCategory,
  type ProjectStatus,
  type Rating,
  type TaskState,
} from './enums';

/**
 * project: action projects (行动项目) and task claiming (设岗定责) — "聚力攻坚在一线".
 * Flow, states and every code: docs/projects.md.
 * Instants are answered as epoch ms and accepted as epoch ms or ISO-8601 with an offset.
 */

/** Defaults: idle limit 14 days (warned at half), 3 open claims per member. */
export const DEFAULT_IDLE_LIMIT_DAYS = 14;
export const DEFAULT_CLAIM_LIMIT = 3;

const zEvidence = z.array(zText(512)).max(9);

// ---- projects -----------------------------------------------------------------------------------
export const ZCreateProjectInput = z
  .object({
    branchId: zId,
    title: zText(60),
    goal: zText(1000),
    category: z.enum(PROJECT_CATEGORIES).optional(),
    startAt: zInstant.optional(),
    dueAt: zInstant,
    leaderMemberId: zId,
    openTo: z.enum(OPEN_TO).optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.startAt !== undefined && v.dueAt < v.startAt)
      ctx.addIssue({ code: 'custom', path: ['dueAt'], message: 'must not be before startAt' });
  });
export type TCreateProjectInput = z.infer<typeof ZCreateProjectInput>;
export interface TCreateProjectOutput {
  id: string;
  status: 'draft';
}

export const ZProjectTransitionInput = z.object({ projectId: zId, reason: zReason.optional() }).strict();
export type TProjectTransitionInput = z.infer<typeof ZProjectTransitionInput>;
export interface TProjectTransitionOutput {
  status: ProjectStatus;
  /** close: open claims that ended with the project (released, reason recorded) */
  releasedClaims?: number;
}

export const PROJECT_LIST_PAGE = 20;
export const PROJECT_LIST_PAGE_MAX = 50;
/** A list page's `nextCursor`: `<createdAt>.<projectId>` of its last project (opaque to the client). */
export const zProjectListCursor = z
  .string()
  .max(220)
  .regex(/^\d{1,16}\.[^\s]{1,200}$/, 'not a cursor from list');
export const ZListProjectsInput = z
  .object({
    branchId: zId.optional(),
    status: z.enum(PROJECT_STATUSES).optional(),
    cursor: zProjectListCursor.optional(),
    limit: z.number().int().min(1).max(PROJECT_LIST_PAGE_MAX).optional(),
  })
  .strict();
export type TListProjectsInput = z.infer<typeof ZListProjectsInput>;

export interface TProjectSummary {
  id: string;
  branchId: string;
  branchName: string;
  title: string;
  goal: string;
  category: ProjectCategory | null;
  status: ProjectStatus;
  openTo: OpenTo;
  startAt: EpochMs | null;
  dueAt: EpochMs;
  leaderMemberId: string;
  leaderName: string;
  tasks: number;
  done: number;
  open: number;
  overdue: number;
  /** done ÷ tasks, 0..1 (0 for a project without tasks) */
  completion: number;
  /** the caller may act as its leader (leader, branch secretary, admin) */
  canManage: boolean;
}
/** The newest first (createdAt, then id), a page at a time: every project the caller may see once. */
export interface TListProjectsOutput {
  /** one page (`limit`, default PROJECT_LIST_PAGE) */
  items: TProjectSummary[];
  /** pass as `cursor` for the next page; null when this page is the last */
  nextCursor: string | null;
}

export interface THolder {
  claimId: string;
  memberId: string;
  name: string;
  status: ClaimStatus;
  claimedAt: EpochMs;
  lastProgressAt: EpochMs | null;
  rating: Rating | null;
}

export interface TTask {
  id: string;
  projectId: string;
  title: string;
  duty: string;
  capacity: number;
  taken: number;
  dueAt: EpochMs;
  requiresApproval: boolean;
  evidenceRequired: boolean;
  reviewerMemberId: string;
  reviewerName: string;
  state: TaskState;
  holders: THolder[];
  /** the caller's own claim on this task (any status), if any */
  myClaim: { claimId: string; status: ClaimStatus } | null;
  /** the caller may claim it now (seat, project active, not past due, allowed by openTo) */
  claimable: boolean;
  overdueAt: EpochMs | null;
}

export const ZGetProjectInput = z.object({ projectId: zId }).strict();
export type TGetProjectInput = z.infer<typeof ZGetProjectInput>;
export interface TGetProjectOutput extends TProjectSummary {
  createdAt: EpochMs;
  activatedAt: EpochMs | null;
  closedAt: EpochMs | null;
  closeReason: string | null;
  taskList: TTask[];
}

// ---- tasks --------------------------------------------------------------------------------------
const taskFields = {
  title: zText(60),
  duty: zText(1000),
  capacity: z.number().int().min(1).max(50),
  dueAt: zInstant,
  requiresApproval: z.boolean(),
  evidenceRequired: z.boolean(),
  reviewerMemberId: zId,
};

export const ZAddTaskInput = z
  .object({
    projectId: zId,
    title: taskFields.title,
    duty: taskFields.duty,
    capacity: taskFields.capacity,
    dueAt: taskFields.dueAt,
    requiresApproval: taskFields.requiresApproval.optional(),
    evidenceRequired: taskFields.evidenceRequired.optional(),
    reviewerMemberId: taskFields.reviewerMemberId.optional(),
  })
  .strict();
export type TAddTaskInput = z.infer<typeof ZAddTaskInput>;
export interface TAddTaskOutput {
  taskId: string;
}

/** Edit a task (not in a closed project). Capacity never below the seats already held (CAPACITY_BELOW_TAKEN). */
export const ZUpdateTaskInput = z
  .object({
    taskId: zId,
    title: taskFields.title.optional(),
    duty: taskFields.duty.optional(),
    capacity: taskFields.capacity.optional(),
    dueAt: taskFields.dueAt.optional(),
    requiresApproval: taskFields.requiresApproval.optional(),
    evidenceRequired: taskFields.evidenceRequired.optional(),
    /** null: back to the project leader */
    reviewerMemberId: taskFields.reviewerMemberId.nullable().optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (Object.keys(v).length === 1)
      ctx.addIssue({ code: 'custom', path: ['taskId'], message: 'nothing to change' });
  });
export type TUpdateTaskInput = z.infer<typeof ZUpdateTaskInput>;
export interface TUpdateTaskOutput {
  taskId: string;
}

// ---- claims -------------------------------------------------------------------------------------
export const ZClaimInput = z.object({ taskId: zId }).strict();
export type TClaimInput = z.infer<typeof ZClaimInput>;
export interface TClaimOutput {
  claimId: string;
  /** `pending` when the task needs the leader's approval; a repeated claim answers its current status */
  status: ClaimStatus;
  /** true when the member already held this claim (nothing written) */
  duplicate: boolean;
}

export const ZReviewClaimInput = z
  .object({ claimId: zId, decision: zDecision, reason: zReason.optional() })
  .strict()
  .superRefine((v, ctx) => {
    if (v.decision === 'reject' && !v.reason)
      ctx.addIssue({ code: 'custom', path: ['reason'], message: 'required when rejecting' });
  });
export type TReviewClaimInput = z.infer<typeof ZReviewClaimInput>;
export interface TReviewClaimOutput {
  status: ClaimStatus;
}

export const ZReleaseInput = z.object({ claimId: zId, reason: zReason }).strict();
export type TReleaseInput = z.infer<typeof ZReleaseInput>;
export interface TReleaseOutput {
  status: 'released';
}

export const ZProgressInput = z
  .object({ claimId: zId, note: zText(1000), evidenceFileIds: zEvidence.optional() })
  .strict();
export type TProgressInput = z.infer<typeof ZProgressInput>;
export interface TProgressOutput {
  at: EpochMs;
}

export const ZSubmitInput = z
  .object({ claimId: zId, result: zText(2000), evidenceFileIds: zEvidence.optional() })
  .strict();
export type TSubmitInput = z.infer<typeof ZSubmitInput>;
export interface TSubmitOutput {
  status: 'in_review';
}

export const ZReviewResultInput = z
  .object({
    claimId: zId,
    decision: z.enum(['accept', 'return']),
    rating: z.enum(RATINGS).optional(),
    reason: zReason.optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.decision === 'accept' && !v.rating)
      ctx.addIssue({ code: 'custom', path: ['rating'], message: 'required when accepting' });
    if (v.decision === 'return' && !v.reason)
      ctx.addIssue({ code: 'custom', path: ['reason'], message: 'required when returning' });
    if (v.decision === 'return' && v.rating)
      ctx.addIssue({ code: 'custom', path: ['rating'], message: 'only when accepting' });
  });
export type TReviewResultInput = z.infer<typeof ZReviewResultInput>;
export interface TReviewResultOutput {
  status: ClaimStatus;
}

/** A one-time place in storage for a progress/result photo of the caller's claim. */
export const ZPhotoTicketInput = z.object({ claimId: zId, ext: z.enum(PHOTO_EXTS) }).strict();
export type TPhotoTicketInput = z.infer<typeof ZPhotoTicketInput>;
export interface TPhotoTicketOutput {
  /** upload here (weapp: `Taro.cloud.uploadFile({ cloudPath })`) */
  cloudPath: string;
  fileId: string;
  /** a direct PUT (H5): url + headers, valid for 10 minutes */
  upload: { url: string; headers: Record<string, string> };
}

// ---- views --------------------------------------------------------------------------------------
export interface TEvidence {
  fileId: string;
  /** a temporary download URL ('' when the file is gone) */
  url: string;
}

export interface TMyTask {
  claimId: string;
  status: ClaimStatus;
  taskId: string;
  taskTitle: string;
  duty: string;
  dueAt: EpochMs;
  overdue: boolean;
  evidenceRequired: boolean;
  projectId: string;
  projectTitle: string;
  projectStatus: ProjectStatus;
  branchName: string;
  claimedAt: EpochMs;
  lastProgressAt: EpochMs | null;
  /** when the idle timer releases it (active claims only) */
  releaseAt: EpochMs | null;
  warnedAt: EpochMs | null;
  result: string | null;
  rating: Rating | null;
  /** the last return/reject reason, shown to the member */
  returnReason: string | null;
  /** what the member must do next: progress/submit (active), wait (pending, in_review), nothing */
  waitingOn: 'me' | 'leader' | 'reviewer' | null;
}
export const ZMyTasksInput = z.object({}).strict();
export type TMyTasksInput = z.infer<typeof ZMyTasksInput>;
export type TMyTasksOutput = TMyTask[];

export const ZHistoryInput = z.object({ claimId: zId }).strict();
export type THistoryInput = z.infer<typeof ZHistoryInput>;
export interface THistoryEntry {
  at: EpochMs;
  /** member id, `system` for the timer, or `openid:…` for a bootstrap admin */
  by: string;
  byName: string;
  action: HistoryAction;
  reason?: string;
  note?: string;
  result?: string;
  rating?: Rating;
  evidence?: TEvidence[];
}
export type THistoryOutput = THistoryEntry[];

/** The claim with its task, for the claim/result detail page. */
export const ZGetClaimInput = z.object({ claimId: zId }).strict();
export type TGetClaimInput = z.infer<typeof ZGetClaimInput>;
export interface TGetClaimOutput {
  claim: TMyTask & { memberId: string; memberName: string; round: number };
  history: THistoryEntry[];
  /** the caller's standing on this claim */
  mine: boolean;
  canReviewClaim: boolean;
  canReviewResult: boolean;
}

/** The leader's queue: claims waiting for approval and results waiting for review that the caller may decide. */
/**
 * The queue comes in pages, the longest waiting first: (`at`, `claimId`) ascending, a total order.
 * An admin's queue is the whole university's (optionally one branch's), read through indexes on the
 * claims waiting for a decision — never project by project.
 */
export const PROJECT_QUEUE_PAGE = 20;
export const PROJECT_QUEUE_PAGE_MAX = 50;
/** members to call shown at most (the soonest to be released first); `totals.unreachable` counts all */
export const PROJECT_UNREACHABLE_SHOWN = 50;
/** A page's `nextCursor`: `<at>.<claimId>` of its last item (opaque to the client). */
export const zQueueCursor = z
  .string()
  .max(220)
  .regex(/^\d{1,16}\.[^\s]{1,200}$/, 'not a cursor from queue');
export const ZProjectQueueInput = z
  .object({
    projectId: zId.optional(),
    /** admins: one branch's queue (the projects of that branch) */
    branchId: zId.optional(),
    cursor: zQueueCursor.optional(),
    limit: z.number().int().min(1).max(PROJECT_QUEUE_PAGE_MAX).optional(),
  })
  .strict();
export type TProjectQueueInput = z.infer<typeof ZProjectQueueInput>;
export interface TProjectQueueItem {
  claimId: string;
  kind: 'claim' | 'result';
  projectId: string;
  projectTitle: string;
  taskId: string;
  taskTitle: string;
  memberId: string;
  memberName: string;
  at: EpochMs;
  result: string | null;
  evidence: TEvidence[];
  evidenceRequired: boolean;
  /** the caller holds this claim: someone else must review it */
  ownClaim: boolean;
}
export interface TProjectQueueOutput {
  /** one page (`limit`, default PROJECT_QUEUE_PAGE), the longest waiting first */
  items: TProjectQueueItem[];
  /** pass as `cursor` for the next page; null when this page is the last */
  nextCursor: string | null;
  /** everything in the queue (not only this page) */
  totals: { claims: number; results: number; unreachable: number };
  /**
   * active claims warned for going silent whose member holds no subscribe credit (call them): the
   * PROJECT_UNREACHABLE_SHOWN soonest to be released (every page answers them and the totals afresh)
   */
  unreachable: {
    claimId: string;
    memberId: string;
    memberName: string;
    taskTitle: string;
    releaseAt: EpochMs;
  }[];
}

export const PROJECT_OVERVIEW_PAGE = 20;
export const PROJECT_OVERVIEW_PAGE_MAX = 50;
export const ZOverviewInput = z
  .object({
    ...zRangeFields,
    /** the `nextCursor` of the page before (the name of its last branch) */
    cursor: z.string().min(1).max(200).optional(),
    limit: z.number().int().min(1).max(PROJECT_OVERVIEW_PAGE_MAX).optional(),
  })
  .strict()
  .superRefine(refineRange);
export type TOverviewInput = z.infer<typeof ZOverviewInput>;
export interface TOverviewRow {
  branchId: string;
  branchName: string;
  projects: number;
  tasks: number;
  done: number;
  open: number;
  overdue: number;
  silentClaims: number;
  /** done ÷ tasks (0..1) */
  completionRate: number;
}
/**
 * Branches side by side by name, a page of branches at a time (an admin's university; a secretary's
 * own branch is one row): each page reads only its branches' projects, tasks and claims.
 */
export interface TOverviewOutput {
  rows: TOverviewRow[];
  /** pass as `cursor` for the next page; null when this page is the last */
  nextCursor: string | null;
}

export const ZProjectExportInput = z.object({ branchId: zId.optional() }).strict();
export type TProjectExportInput = z.infer<typeof ZProjectExportInput>;
/** The workbook inline (base64), never stored: see TInlineFile (types/attendance.ts). */
export interface TProjectExportOutput extends TInlineFile {
  rows: number;
}

/** Per-branch settings: the cap of open claims per member and the idle limit. */
export const ZSettingsInput = z
  .object({
    branchId: zId,
    claimLimit: z.number().int().min(1).max(20).optional(),
    idleLimitDays: z.number().int().min(2).max(90).optional(),
  })
  .strict();
export type TSettingsInput = z.infer<typeof ZSettingsInput>;
export interface TSettingsOutput {
  branchId: string;
  claimLimit: number;
  idleLimitDays: number;
}

// ---- timer --------------------------------------------------------------------------------------
export interface TIdleTimerOutput {
  warned: number;
  released: number;
  /** tasks newly marked overdue */
  overdue: number;
  /** warnings that went out as a subscribe message (the rest are on the leader's unreachable list) */
  messaged: number;
  /** left for the next run (time budget) */
  deferred: number;
}

export const PROJECT_TEMPLATE_KEY = 'taskReminder' as const;
