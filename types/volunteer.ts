import type { TInlineFile } from './attendance';
import * as z from 'zod';
import { ZCheckinPolicy } from './activity';
import {
  ROUNDING_MODES,
  type HoursKind,
  type HoursStatus,
  type RoundingMode,
  type SignupStatus,
  type TeamMemberStatus,
} from './enums';
import { type EpochMs, refineRange, zDecision, zId, zInstant, zReason, zText } from './common';

/**
 * volunteer (先锋领航): teams with an hours-rules profile, leaders, join requests; events (activities
 * of type `volunteer` owned by a team) with sign-up; the hours ledger (verified / added / reported),
 * the leader's queue, certificates and their public verification, statistics and export.
 * Flow, rules and every code: docs/volunteer.md.
 * Instants are answered as epoch ms; hours are numbers of hours (multiples of the team's step).
 */

export {
  HOURS_FLAGS,
  HOURS_KINDS,
  HOURS_STATUSES,
  ROUNDING_MODES,
  SIGNUP_STATUSES,
  TEAM_MEMBER_STATUSES,
} from './enums';
export type {
  HoursFlag,
  HoursKind,
  HoursStatus,
  RoundingMode,
  SignupStatus,
  TeamMemberStatus,
} from './enums';

/** Largest hours value anywhere (an event, a report, a cap): one day. */
export const MAX_HOURS = 24;
/** A report may describe service at most this long ago. */
export const REPORT_MAX_AGE_DAYS = 366;
/** Evidence photos: at most this many per report, each at most this many bytes. */
export const MAX_EVIDENCE_FILES = 6;
export const MAX_EVIDENCE_BYTES = 1_500_000;
export const EVIDENCE_CONTENT_TYPES = ['image/jpeg', 'image/png'] as const;

// ---- rules profile --------------------------------------------------------------------------------
/** A number of hours in hundredths (0.5, 1.25 …): the ledger counts in whole hundredths. */
const zHundredths = (min: number, max: number) =>
  z
    .number()
    .min(min)
    .max(max)
    .refine((v) => Math.abs(Math.round(v * 100) - v * 100) < 1e-6, 'at most two decimals');

/** Hours greater than 0 and at most a day (≤ 0 is INVALID_ARGUMENT naming the field). */
const zPositiveHours = z.number().gt(0, 'must be more than 0').pipe(zHundredths(0.01, MAX_HOURS));

export const ZHoursRules = z
  .object({
    /** Hours are credited in multiples of this (default 0.5). */
    stepHours: zHundredths(0.05, 4).optional(),
    /** `floor` (default): round down to the step; `nearest`: half a step or more rounds up. */
    rounding: z.enum(ROUNDING_MODES).optional(),
    /** A stay shorter than this share of the event earns nothing (default 0.5; exactly at it earns). */
    minStayRatio: z.number().min(0).max(1).optional(),
    /** Per member per Asia/Shanghai day, across all events (default 8). */
    dailyCapHours: zHundredths(0.5, MAX_HOURS).optional(),
    /** Whether verified hours wait for a leader (default true); flagged stays always do. */
    confirmRequired: z.boolean().optional(),
  })
  .strict();
export type THoursRulesInput = z.infer<typeof ZHoursRules>;
export interface THoursRules {
  stepHours: number;
  rounding: RoundingMode;
  minStayRatio: number;
  dailyCapHours: number;
  confirmRequired: boolean;
}
export const DEFAULT_HOURS_RULES: THoursRules = {
  stepHours: 0.5,
  rounding: 'floor',
  minStayRatio: 0.5,
  dailyCapHours: 8,
  confirmRequired: true,
};

// ---- teams ---------------------------------------------------------------------------------------
export const ZCreateTeamInput = z
  .object({
    name: zText(40),
    parentTeamId: zId.optional(),
    description: zText(300).optional(),
    rules: ZHoursRules.optional(),
  })
  .strict();
export type TCreateTeamInput = z.infer<typeof ZCreateTeamInput>;
export interface TCreateTeamOutput {
  id: string;
}

export const ZUpdateTeamRulesInput = z.object({ teamId: zId, rules: ZHoursRules }).strict();
export type TUpdateTeamRulesInput = z.infer<typeof ZUpdateTeamRulesInput>;
export interface TUpdateTeamRulesOutput {
  rules: THoursRules;
}

export const ZSetLeadersInput = z
  .object({ teamId: zId, memberIds: z.array(zId).max(20) })
  .strict()
  .superRefine((v, ctx) => {
    if (new Set(v.memberIds).size !== v.memberIds.length)
      ctx.addIssue({ code: 'custom', path: ['memberIds'], message: 'must not repeat a member' });
  });
export type TSetLeadersInput = z.infer<typeof ZSetLeadersInput>;
export interface TSetLeadersOutput {
  leaders: string[];
}

export const TEAM_LIST_PAGE = 20;
export const TEAM_LIST_PAGE_MAX = 50;
export const ZListTeamsInput = z
  .object({
    /** `mine`: the teams I belong to, asked to join or lead (with their sub-teams), all at once;
     *  `all` (default): the directory by name, a page at a time */
    scope: z.enum(['mine', 'all']).optional(),
    /** the `nextCursor` of the page before (the name of its last team) */
    cursor: z.string().min(1).max(200).optional(),
    limit: z.number().int().min(1).max(TEAM_LIST_PAGE_MAX).optional(),
  })
  .strict();
export type TListTeamsInput = z.infer<typeof ZListTeamsInput>;
export interface TTeamSummary {
  id: string;
  name: string;
  parentTeamId: string | null;
  /** the parent team's name ('' for a top-level team) */
  parentName: string;
  description?: string;
  myStatus: null | 'pending' | 'active';
  isLeader: boolean;
  leaders: { memberId: string; name: string }[];
  memberCount: number;
  rules: THoursRules;
}
export interface TListTeamsOutput {
  items: TTeamSummary[];
  /** pass as `cursor` for the next page of the directory; null when this page is the last (always for `mine`) */
  nextCursor: string | null;
}

export const ZJoinInput = z.object({ teamId: zId }).strict();
export type TJoinInput = z.infer<typeof ZJoinInput>;
export interface TJoinOutput {
  status: 'pending' | 'active';
}

export const ZAddMemberInput = z.object({ teamId: zId, memberId: zId }).strict();
export type TAddMemberInput = z.infer<typeof ZAddMemberInput>;
export interface TAddMemberOutput {
  status: 'active';
}

export const ZReviewJoinInput = z
  .object({ teamId: zId, memberId: zId, decision: zDecision, reason: zReason.optional() })
  .strict();
export type TReviewJoinInput = z.infer<typeof ZReviewJoinInput>;
export interface TReviewJoinOutput {
  status: 'active' | 'rejected';
}

export const ZTeamMembersInput = z.object({ teamId: zId }).strict();
export type TTeamMembersInput = z.infer<typeof ZTeamMembersInput>;
export interface TTeamMember {
  memberId: string;
  name: string;
  branchName?: string;
  /** masked unless the caller may see it */
  staffNo: string;
  status: TeamMemberStatus;
  isLeader: boolean;
  requestedAt: EpochMs;
}
export type TTeamMembersOutput = TTeamMember[];

// ---- events --------------------------------------------------------------------------------------
export const ZCreateEventInput = z
  .object({
    teamId: zId,
    title: zText(80),
    siteId: zId.optional(),
    startAt: zInstant,
    endAt: zInstant,
    capacity: z.number().int().min(1).max(2000),
    signupClosesAt: zInstant.optional(),
    description: zText(2000).optional(),
    checkin: ZCheckinPolicy.optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.endAt <= v.startAt)
      ctx.addIssue({ code: 'custom', path: ['endAt'], message: 'must be after startAt' });
    if (v.endAt - v.startAt > MAX_HOURS * 3600_000)
      ctx.addIssue({ code: 'custom', path: ['endAt'], message: 'an event lasts at most 24 hours' });
    if (v.signupClosesAt !== undefined && v.signupClosesAt > v.startAt)
      ctx.addIssue({ code: 'custom', path: ['signupClosesAt'], message: 'must not be after startAt' });
  });
export type TCreateEventInput = z.infer<typeof ZCreateEventInput>;
export interface TCreateEventOutput {
  activityId: string;
}

export const ZListEventsInput = z
  .object({ teamId: zId.optional(), from: zInstant.optional(), to: zInstant.optional() })
  .strict()
  .superRefine(refineRange);
export type TListEventsInput = z.infer<typeof ZListEventsInput>;
export interface TEvent {
  activityId: string;
  teamId: string;
  teamName: string;
  title: string;
  siteName?: string;
  startAt: EpochMs;
  endAt: EpochMs;
  capacity: number;
  signedUp: number;
  signupClosesAt: EpochMs;
  status: 'scheduled' | 'cancelled';
  mySignup: null | SignupStatus;
  /** the caller leads this event's team (may show the code, see the roster) */
  isLeader: boolean;
  /** check-in and check-out end here (the event's end + the check-out grace); after it the event is over */
  checkoutClosesAt: EpochMs;
  /** the caller's hours at this event, once it has started and an entry exists */
  myHours?: TEventMyHours;
}
/** confirmed (hours credited) > pending (proposed, awaiting a leader) > rejected (0 h) */
export interface TEventMyHours {
  status: 'confirmed' | 'pending' | 'rejected';
  hours: number;
}
export type TListEventsOutput = TEvent[];

export const ZSignUpInput = z.object({ activityId: zId }).strict();
export type TSignUpInput = z.infer<typeof ZSignUpInput>;
export interface TSignUpOutput {
  status: 'signed_up';
  signedUp: number;
  capacity: number;
}

export const ZCancelSignUpInput = z.object({ activityId: zId }).strict();
export type TCancelSignUpInput = z.infer<typeof ZCancelSignUpInput>;
export interface TCancelSignUpOutput {
  status: 'cancelled';
}

export const ZEventSignupsInput = z.object({ activityId: zId }).strict();
export type TEventSignupsInput = z.infer<typeof ZEventSignupsInput>;
export interface TEventSignup {
  memberId: string;
  name: string;
  status: SignupStatus;
  at: EpochMs;
  checkedInAt?: EpochMs;
  checkedOutAt?: EpochMs;
}
export type TEventSignupsOutput = TEventSignup[];

// ---- hours ---------------------------------------------------------------------------------------
export const ZHoursQueueInput = z.object({ teamId: zId, activityId: zId.optional() }).strict();
export type THoursQueueInput = z.infer<typeof ZHoursQueueInput>;
export interface THoursQueueItem {
  id: string;
  kind: HoursKind;
  memberId: string;
  memberName: string;
  activityId?: string;
  title: string;
  date: EpochMs;
  proposedHours: number;
  checkinAt?: EpochMs;
  checkoutAt?: EpochMs;
  flags: string[];
  /** clean: no flag — the batch confirm takes only these */
  clean: boolean;
  /** the leader may not decide it (their own entry) */
  own: boolean;
  description?: string;
  reason?: string;
  evidenceFileIds?: string[];
  evidenceUrls?: string[];
}
/** The contract's list; join requests are `teamMembers` rows with status `pending` (the page shows both). */
export type THoursQueueOutput = THoursQueueItem[];

export const ZConfirmHoursInput = z
  .object({
    items: z
      .array(
        z
          .object({
            id: zId,
            decision: zDecision,
            hours: zHundredths(0.01, MAX_HOURS).optional(),
            reason: zReason.optional(),
          })
          .strict()
          .superRefine((v, ctx) => {
            if (v.hours !== undefined && !v.reason)
              ctx.addIssue({ code: 'custom', path: ['reason'], message: 'required when adjusting hours' });
            if (v.decision === 'reject' && !v.reason)
              ctx.addIssue({ code: 'custom', path: ['reason'], message: 'required when rejecting' });
          }),
      )
      .min(1)
      .max(500),
  })
  .strict()
  .superRefine((v, ctx) => {
    const seen = new Set<string>();
    v.items.forEach((it, i) => {
      if (seen.has(it.id))
        ctx.addIssue({ code: 'custom', path: ['items', i, 'id'], message: 'repeated item' });
      seen.add(it.id);
    });
  });
export type TConfirmHoursInput = z.infer<typeof ZConfirmHoursInput>;
export interface TConfirmHoursResult {
  id: string;
  ok: boolean;
  status?: HoursStatus;
  hours?: number;
  code?: string;
}
export type TConfirmHoursOutput = TConfirmHoursResult[];

export const ZAddHoursInput = z
  .object({
    activityId: zId,
    memberId: zId,
    hours: zPositiveHours,
    reason: zText(200),
  })
  .strict();
export type TAddHoursInput = z.infer<typeof ZAddHoursInput>;
export interface TAddHoursOutput {
  recordId: string;
  kind: 'added';
  status: HoursStatus;
}

/** A correction: a new entry supersedes a confirmed one (both stay). */
export const ZCorrectHoursInput = z
  .object({ recordId: zId, hours: zHundredths(0, MAX_HOURS), reason: zText(200) })
  .strict();
export type TCorrectHoursInput = z.infer<typeof ZCorrectHoursInput>;
export interface TCorrectHoursOutput {
  recordId: string;
  supersedes: string;
  status: HoursStatus;
}

export const ZUploadEvidenceInput = z
  .object({
    contentType: z.enum(EVIDENCE_CONTENT_TYPES),
    /** the photo, base64 (the mini-program compresses it first) */
    contentBase64: z
      .string()
      .min(16)
      .max(Math.ceil((MAX_EVIDENCE_BYTES * 4) / 3) + 4),
  })
  .strict();
export type TUploadEvidenceInput = z.infer<typeof ZUploadEvidenceInput>;
export interface TUploadEvidenceOutput {
  fileId: string;
  url: string;
}

export const ZReportInput = z
  .object({
    teamId: zId,
    title: zText(80),
    date: zInstant,
    hours: zPositiveHours,
    description: zText(1000),
    evidenceFileIds: z.array(z.string().min(1).max(300)).max(MAX_EVIDENCE_FILES).optional(),
  })
  .strict();
export type TReportInput = z.infer<typeof ZReportInput>;
export interface TReportOutput {
  recordId: string;
  kind: 'reported';
  status: 'pending';
}

/** Records come in pages, newest first: `date` descending, then `_id` descending (a total order). */
export const MY_HOURS_PAGE = 30;
export const MY_HOURS_PAGE_MAX = 100;
/** A page's `nextCursor`: `<date>.<id>` of its last record (opaque to the client). */
export const zHoursCursor = z
  .string()
  .max(260)
  .regex(/^\d{1,16}\.[^\s]{1,240}$/, 'not a cursor from myHours');
export const ZMyHoursInput = z
  .object({
    from: zInstant.optional(),
    to: zInstant.optional(),
    cursor: zHoursCursor.optional(),
    limit: z.number().int().min(1).max(MY_HOURS_PAGE_MAX).optional(),
  })
  .strict()
  .superRefine(refineRange);
export type TMyHoursInput = z.infer<typeof ZMyHoursInput>;
export interface THoursTotals {
  verified: number;
  added: number;
  reported: number;
  total: number;
}
export interface THoursRecord {
  id: string;
  kind: HoursKind;
  status: HoursStatus;
  hours: number;
  title: string;
  date: EpochMs;
  activityId?: string;
  teamId: string;
  teamName?: string;
  reason?: string;
  /** the entry this one replaced / the entry that replaced this one */
  supersedes?: string;
  supersededBy?: string;
}
export interface TMyHoursOutput {
  totals: THoursTotals;
  /** this calendar year (Asia/Shanghai), confirmed only */
  thisYear: THoursTotals;
  /** one page of records (`limit`, default MY_HOURS_PAGE), newest first */
  records: THoursRecord[];
  /** pass as `cursor` for the next page; null when this page is the last */
  nextCursor: string | null;
}

export const ZMySignupsInput = z.object({}).strict();
export type TMySignupsInput = z.infer<typeof ZMySignupsInput>;
export type TMySignupsOutput = (TEvent & { signedUpAt: EpochMs })[];

// ---- certificates ---------------------------------------------------------------------------------
export const ZIssueCertificateInput = z
  .object({ memberId: zId.optional(), teamId: zId, from: zInstant, to: zInstant })
  .strict()
  .superRefine(refineRange);
export type TIssueCertificateInput = z.infer<typeof ZIssueCertificateInput>;
export interface TCertificate {
  certificateNo: string;
  verifyCode: string;
  name: string;
  staffNoMasked: string;
  team: string;
  from: EpochMs;
  to: EpochMs;
  hours: THoursTotals;
  events: { title: string; date: EpochMs; hours: number; kind: HoursKind }[];
  issuedAt: EpochMs;
}
export type TIssueCertificateOutput = TCertificate & { hours: THoursTotals };

export const ZMyCertificatesInput = z.object({}).strict();
export type TMyCertificatesInput = z.infer<typeof ZMyCertificatesInput>;
export type TMyCertificatesOutput = TCertificate[];

export const ZVerifyCertificateInput = z
  .object({
    certificateNo: z.string().trim().min(1).max(40),
    verifyCode: z.string().trim().min(1).max(40),
  })
  .strict();
export type TVerifyCertificateInput = z.infer<typeof ZVerifyCertificateInput>;
export interface TVerifyCertificateOutput {
  valid: true;
  certificateNo: string;
  name: string;
  hours: THoursTotals;
  from: EpochMs;
  to: EpochMs;
  team: string;
  issuedAt: EpochMs;
}

// ---- stats / export ------------------------------------------------------------------------------
export const ZTeamStatsInput = z
  .object({ teamId: zId, from: zInstant, to: zInstant })
  .strict()
  .superRefine(refineRange);
export type TTeamStatsInput = z.infer<typeof ZTeamStatsInput>;
export interface TTeamStatsOutput {
  members: { memberId: string; name: string; hours: number; events: number; byKind: THoursTotals }[];
  events: { activityId: string; title: string; startAt: EpochMs; hours: number; people: number }[];
  /** active team members with no confirmed hours this calendar year */
  idle: string[];
  idleNames: { memberId: string; name: string }[];
  totals: THoursTotals;
}

export const ZVolunteerExportInput = ZTeamStatsInput;
export type TVolunteerExportInput = TTeamStatsInput;
/** The workbook inline (base64), never stored: see TInlineFile (types/attendance.ts). */
export interface TVolunteerExportOutput extends TInlineFile {
  rows: number;
}
