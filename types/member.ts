import * as z from 'zod';
import {
  BINDING_STATUSES,
  BRANCH_KINDS,
  MEMBER_STATUSES,
  ROLES,
  ROSTER_ROW_ERRORS,
  type BindingStatus,
  type BranchKind,
  type MemberStatus,
  type Role,
  type RosterRowError,
} from './enums';
import { type EpochMs, zDecision, zEmpty, zId, zReason, zText } from './common';

/**
 * member: who is who. Branches (支部), the roster, WeChat bindings, roles, privacy.
 * Flows and codes: docs/member.md.
 */

export {
  BINDING_STATUSES,
  BRANCH_KINDS,
  MEMBER_STATUSES,
  ROLES,
  ROSTER_ROW_ERRORS,
  type BindingStatus,
  type BranchKind,
  type MemberStatus,
  type Role,
  type RosterRowError,
};
export const zRole = z.enum(ROLES);
export const zMemberStatus = z.enum(MEMBER_STATUSES);
export const zBranchKind = z.enum(BRANCH_KINDS);

const zName = zText(50);
/** Staff or student number (工号/学号) as printed; compared after trimming. */
const zStaffNo = zText(32);

// ---- me -----------------------------------------------------------------------------------------
export const ZMeInput = zEmpty;
export type TMeInput = z.infer<typeof ZMeInput>;
export interface TMeMember {
  id: string;
  name: string;
  branchId: string;
  roles: Role[];
  status: MemberStatus;
}
export interface TMeOutput {
  openid: string;
  member: TMeMember | null;
  /** Effective roles of the caller (a bootstrap admin from APP_ADMIN_OPENIDS has `admin` without a row). */
  roles?: Role[];
  /** The caller's latest binding request while not active (pending, or rejected with the reason). */
  binding?: TBindingState | null;
}
export interface TBindingState {
  id: string;
  memberId: string;
  branchId: string;
  status: BindingStatus;
  reason?: string;
  createdAt: EpochMs;
  decidedAt?: EpochMs;
}

// ---- listBranches -------------------------------------------------------------------------------
/** Most branches one `listBranches` call answers (a page; a university has a thousand). */
export const BRANCH_PAGE_MAX = 50;
/**
 * Branches a page at a time, ordered by name (names are unique): `cursor` is the previous page's
 * `nextCursor` (the name of its last branch), `q` keeps the names containing it, `ids` asks for
 * exactly these branches (a member's own, the names of rows on a screen) instead of a page.
 */
export const ZListBranchesInput = z
  .object({
    q: z.string().trim().max(60).optional(),
    cursor: zText(60).optional(),
    limit: z.number().int().min(1).max(BRANCH_PAGE_MAX).optional(),
    ids: z.array(zId).min(1).max(BRANCH_PAGE_MAX).optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.ids && (v.cursor !== undefined || v.q || v.limit !== undefined))
      ctx.addIssue({
        code: 'custom',
        path: ['ids'],
        message: 'ids cannot be combined with q, cursor or limit',
      });
  });
export type TListBranchesInput = z.infer<typeof ZListBranchesInput>;
export interface TBranch {
  id: string;
  name: string;
  college: string;
  kind?: BranchKind;
  /** The teaching office / lab / department the branch is tied to ("三位一体"). */
  linkedUnit?: string;
  /** Secretaries (from their roles); answered to admins only. */
  secretaries?: { id: string; name: string }[];
  /** Number of roster rows by status; answered to admins only. */
  counts?: Partial<Record<MemberStatus, number>>;
}
export interface TListBranchesOutput {
  /** by name; with `ids`, the ones that exist (in the order asked) */
  items: TBranch[];
  /** pass as `cursor` for the next page; null when this page is the last (always null with `ids`) */
  nextCursor: string | null;
  /** how many branches match `q` (all branches without it); answered with the first page only */
  total?: number;
}

// ---- createBranch / updateBranch ----------------------------------------------------------------
export const ZCreateBranchInput = z
  .object({
    name: zText(60),
    college: zText(60).optional(),
    kind: zBranchKind.optional(),
    linkedUnit: zText(100).optional(),
  })
  .strict();
export type TCreateBranchInput = z.infer<typeof ZCreateBranchInput>;
export interface TCreateBranchOutput {
  id: string;
}

export const ZUpdateBranchInput = z
  .object({
    branchId: zId,
    name: zText(60).optional(),
    college: zText(60).optional(),
    kind: zBranchKind.optional(),
    linkedUnit: zText(100).optional(),
  })
  .strict();
export type TUpdateBranchInput = z.infer<typeof ZUpdateBranchInput>;
export interface TUpdateBranchOutput {
  id: string;
}

// ---- importRoster -------------------------------------------------------------------------------
/**
 * Rows are checked leniently here (strings of bounded length) and strictly per row on the server,
 * so one bad phone number answers a row error instead of refusing the whole file.
 */
export const ZRosterRow = z
  .object({
    name: z.string().trim().max(50),
    staffNo: z.string().trim().max(32),
    phone: z.string().trim().max(20).optional(),
  })
  .strict();
export type TRosterRow = z.infer<typeof ZRosterRow>;

export const ZImportRosterInput = z
  .object({
    branchId: zId,
    rows: z.array(ZRosterRow).min(1).max(5000).optional(),
    /** CSV text pasted or read from a file (header row: name/姓名, staffNo/工号/学号, phone/手机). */
    csv: z.string().max(2_000_000).optional(),
    /** An uploaded .csv/.xlsx in cloud storage (weapp: `Taro.cloud.uploadFile`). */
    fileId: zText(512).optional(),
    /**
     * An .xlsx file's bytes as base64, for the H5 build, which has no cloud-storage upload (read in the
     * browser); ~3 MB of base64 is far more than a 5,000-row sheet.
     */
    xlsxBase64: z.string().min(1).max(4_000_000).optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    const given = [v.rows, v.csv, v.fileId, v.xlsxBase64].filter((x) => x !== undefined).length;
    if (given !== 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['rows'],
        message: 'give exactly one of rows, csv, fileId, xlsxBase64',
      });
    }
  });
export type TImportRosterInput = z.infer<typeof ZImportRosterInput>;
export interface TImportRosterOutput {
  created: number;
  updated: number;
  /** `row` is the 0-based index in `rows` (or data row of the file). */
  errors: { row: number; code: RosterRowError }[];
  unchanged?: number;
  /** Rows read from the input (after dropping blank lines of a file). */
  total?: number;
}

// ---- bind / reviewBinding -----------------------------------------------------------------------
export const ZBindInput = z
  .object({
    name: zName,
    staffNo: zStaffNo,
    /** The branch picked in the form; narrows the roster match. */
    branchId: zId.optional(),
  })
  .strict();
export type TBindInput = z.infer<typeof ZBindInput>;
export interface TBindOutput {
  memberId: string;
  status: 'pending';
}

export const ZReviewBindingInput = z
  .object({ memberId: zId, decision: zDecision, reason: zReason.optional() })
  .strict();
export type TReviewBindingInput = z.infer<typeof ZReviewBindingInput>;
export interface TReviewBindingOutput {
  status: MemberStatus;
  /**
   * Whether the applicant was sent the decision as a subscribe message (template `bindingDecided`):
   * false when they did not accept the notice or WeChat refused it — then tell them another way.
   */
  notified?: boolean;
}

// ---- bindingRequests (the secretary's review of pending bindings) -----------------------------
/**
 * Pending binding requests of a branch with what the applicant did NOT type: when it was sent, the
 * failed attempts of that WeChat account just before it, and earlier bindings of the roster row and
 * of the WeChat account (to other rows). Secretary of the branch, admin.
 */
export const ZBindingRequestsInput = z.object({ branchId: zId }).strict();
export type TBindingRequestsInput = z.infer<typeof ZBindingRequestsInput>;
export interface TBindingHistoryItem {
  status: BindingStatus;
  createdAt: EpochMs;
  decidedAt?: EpochMs;
  reason?: string;
  /** `row`: an earlier request for this roster row (another or the same WeChat account); `account`: this WeChat account asked for another row. */
  via: 'row' | 'account';
  /** Same WeChat account as the pending request (for `row` entries). */
  sameAccount: boolean;
  /** For `account` entries: the other row's name when it is in the same branch (or the caller is an admin). */
  otherName?: string;
  /** For `account` entries: whether the other row is in another branch. */
  otherBranch?: boolean;
}
export interface TBindingRequest {
  memberId: string;
  name: string;
  /** The row's staff number as imported (the applicant typed it to match). */
  staffNo: string;
  /** The row's phone from the roster (never shown to the applicant). */
  phone: string | null;
  roles: Role[];
  /** When the request was sent (null for a row that became pending without a request record). */
  requestedAt: EpochMs | null;
  /** Failed binding attempts of this WeChat account in the hour before the request (0–5). */
  failedAttempts: number;
  lastFailedAt?: EpochMs;
  /** Earlier requests, newest first. */
  history: TBindingHistoryItem[];
}
export type TBindingRequestsOutput = TBindingRequest[];

// ---- listMembers --------------------------------------------------------------------------------
export const ZListMembersInput = z.object({ branchId: zId, status: zMemberStatus.optional() }).strict();
export type TListMembersInput = z.infer<typeof ZListMembersInput>;
export interface TMemberRow {
  id: string;
  name: string;
  /** Masked (`20****12`) unless the caller is the member, their branch secretary or an admin. */
  staffNo: string;
  phone: string | null;
  roles: Role[];
  status: MemberStatus;
  boundAt?: EpochMs;
  /** Whether staffNo/phone are shown unmasked to this caller. */
  masked?: boolean;
  quitRequestedAt?: EpochMs;
}
export type TListMembersOutput = TMemberRow[];

// ---- setRoles -----------------------------------------------------------------------------------
export const ZSetRolesInput = z.object({ memberId: zId, roles: z.array(zRole).max(ROLES.length) }).strict();
export type TSetRolesInput = z.infer<typeof ZSetRolesInput>;
export interface TSetRolesOutput {
  roles: Role[];
}

// ---- myData (PIPL: everything stored about me) --------------------------------------------------
export const ZMyDataInput = zEmpty;
export type TMyDataInput = z.infer<typeof ZMyDataInput>;
export interface TMyDataOutput {
  openid: string;
  member:
    | (TMeMember & {
        staffNo: string;
        /** null while the binding is pending (the row's phone is not the applicant's to see: `phoneHidden`). */
        phone: string | null;
        phoneHidden?: boolean;
        boundAt?: EpochMs;
        quitRequestedAt?: EpochMs;
      })
    | null;
  /** The people the audit entries name (`actor`, `onBehalfOf` → 本人 / 管理员 / a name), for the details list. */
  names?: Record<string, string>;
  /** Every other stored record that names me, by collection (check-ins, requests, credits, audit…). */
  records: { [collection: string]: unknown[] };
}

// ---- unbind (admin) / requestDeletion (member) / completeDeletion (admin) ------------------------
export const ZUnbindInput = z.object({ memberId: zId, reason: zReason }).strict();
export type TUnbindInput = z.infer<typeof ZUnbindInput>;
export interface TUnbindOutput {
  status: MemberStatus;
}

/** A member asks to be removed from the system (PIPL); an admin completes it by anonymising the row. */
export const ZRequestDeletionInput = z.object({ reason: zReason.optional() }).strict();
export type TRequestDeletionInput = z.infer<typeof ZRequestDeletionInput>;
export interface TRequestDeletionOutput {
  quitRequestedAt: EpochMs;
}

export const ZCompleteDeletionInput = z.object({ memberId: zId, reason: zReason.optional() }).strict();
export type TCompleteDeletionInput = z.infer<typeof ZCompleteDeletionInput>;
export interface TCompleteDeletionOutput {
  status: MemberStatus;
}
