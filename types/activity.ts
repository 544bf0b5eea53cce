import * as z from 'zod';
import {
  ACTIVITY_STATUSES,
  ACTIVITY_TYPES,
  APPROVAL_MODES,
  MY_ACTIVITY_STATUSES,
  PROOF_MODES,
  SITE_KINDS,
  type ActivityStatus,
  type ActivityType,
  type ApprovalMode,
  type MyActivityStatus,
  type ProofMode,
  type SiteKind,
} from './enums';
import { type EpochMs, refineRange, zId, zInstant, zLatLng, zRangeFields, zReason, zText } from './common';

/**
 * activity: frontline sites (一线阵地) and activities (三会一课, 主题党日, volunteer, practice).
 * Contract: shared CONTRACT.md "activity"; issue 5. Instants are answered as epoch ms.
 */

export {
  ACTIVITY_STATUSES,
  ACTIVITY_TYPES,
  APPROVAL_MODES,
  MY_ACTIVITY_STATUSES,
  PROOF_MODES,
  SITE_KINDS,
  type ActivityStatus,
  type ActivityType,
  type ApprovalMode,
  type MyActivityStatus,
  type ProofMode,
  type SiteKind,
};
export const zActivityType = z.enum(ACTIVITY_TYPES);
export const zSiteKind = z.enum(SITE_KINDS);

export const CODE_PERIOD_MIN_SEC = 5;
export const CODE_PERIOD_MAX_SEC = 60;
export const CODE_PERIOD_DEFAULT_SEC = 15;
/** Caps of the per-activity offline settings (cloudfunctions/core/domain/checkin/policy.ts). */
export const OFFLINE_GRACE_MAX_SEC = 600;
export const MAX_OFFLINE_MAX_SEC = 7_200;
export const RADIUS_MIN_M = 10;
export const RADIUS_MAX_M = 5000;

/** A Wi-Fi BSSID (MAC address, `aa:bb:cc:dd:ee:ff`). */
export const zBssid = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/, 'expected a BSSID like aa:bb:cc:dd:ee:ff');

// ---- sites --------------------------------------------------------------------------------------
export const ZCreateSiteInput = z
  .object({
    branchId: zId,
    name: zText(60),
    kind: zSiteKind,
    location: zLatLng,
    radiusM: z.number().int().min(RADIUS_MIN_M).max(RADIUS_MAX_M),
    wifiBssids: z.array(zBssid).max(20).optional(),
    address: zText(120).optional(),
  })
  .strict();
export type TCreateSiteInput = z.infer<typeof ZCreateSiteInput>;
export interface TCreateSiteOutput {
  id: string;
  /** The short static site code (`newSiteCode()`); the mini-program code's scene is `s.<code>`. */
  code: string;
}

export const ZUpdateSiteInput = z
  .object({
    siteId: zId,
    name: zText(60).optional(),
    kind: zSiteKind.optional(),
    location: zLatLng.optional(),
    radiusM: z.number().int().min(RADIUS_MIN_M).max(RADIUS_MAX_M).optional(),
    wifiBssids: z.array(zBssid).max(20).optional(),
    address: zText(120).optional(),
  })
  .strict();
export type TUpdateSiteInput = z.infer<typeof ZUpdateSiteInput>;
export interface TUpdateSiteOutput {
  id: string;
}

export const ZListSitesInput = z.object({ branchId: zId }).strict();
export type TListSitesInput = z.infer<typeof ZListSitesInput>;
export interface TSite {
  id: string;
  branchId: string;
  name: string;
  kind: SiteKind;
  location: { lat: number; lng: number };
  radiusM: number;
  wifiBssids: string[];
  address?: string;
  /** The short static site code; the scene printed in the mini-program code is `s.<code>` (siteCode). */
  code: string;
}
export type TListSitesOutput = TSite[];

export const ZSiteCodeInput = z.object({ siteId: zId }).strict();
export type TSiteCodeInput = z.infer<typeof ZSiteCodeInput>;
export interface TSiteCodeOutput {
  /** The short site code (TSite.code). */
  code: string;
  /** What the mini-program code carries and the check-in page receives: `s.<code>` (≤ 32 chars). */
  scene: string;
  /** The printable mini-program code image in cloud storage, when generated. */
  fileId?: string;
  url?: string;
}

// ---- create / update ----------------------------------------------------------------------------
const checkinFields = {
  opensAt: zInstant.optional(),
  closesAt: zInstant.optional(),
  proof: z.enum(PROOF_MODES),
  /** Default: true when the activity has a site (its fence is then checked), else false (S-2). */
  requireLocation: z.boolean().optional(),
  /** Default `risk`: approved unless a risk flag is raised (S-2). */
  approval: z.enum(APPROVAL_MODES).optional(),
  codePeriodSec: z.number().int().min(CODE_PERIOD_MIN_SEC).max(CODE_PERIOD_MAX_SEC).optional(),
  /** Check-out is optional per activity (volunteer hours use the duration). */
  checkOut: z.boolean().optional(),
  /**
   * How long after the scan an offline upload is accepted without `offline_late` (default 180 s; at
   * most 600 s). `offline_late` always sends the record to review (docs/checkin.md, S-1).
   */
  offlineGraceSec: z.number().int().min(0).max(OFFLINE_GRACE_MAX_SEC).optional(),
  /**
   * How long after the scan an offline upload is considered at all (default 1 800 s; at most
   * 7 200 s); older scan times are ignored and the scan is judged at the upload (docs/checkin.md).
   */
  maxOfflineSec: z.number().int().min(60).max(MAX_OFFLINE_MAX_SEC).optional(),
  /** Make-up requests accepted for this many days after the window closes (default 3). */
  makeupDays: z.number().int().min(0).max(30).optional(),
};
export const ZCheckinPolicy = z
  .object(checkinFields)
  .strict()
  .superRefine((v, ctx) => {
    if (v.opensAt !== undefined && v.closesAt !== undefined && v.closesAt <= v.opensAt) {
      ctx.addIssue({ code: 'custom', path: ['closesAt'], message: 'must be after opensAt' });
    }
  });
export type TCheckinPolicy = z.infer<typeof ZCheckinPolicy>;

export const ZCreateActivityInput = z
  .object({
    branchId: zId,
    type: zActivityType,
    title: zText(80),
    siteId: zId.optional(),
    startAt: zInstant,
    endAt: zInstant,
    checkin: ZCheckinPolicy,
    description: zText(2000).optional(),
    /** Expected attendees; the whole branch (active members) by default. */
    expectedMemberIds: z.array(zId).max(2000).optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.endAt <= v.startAt)
      ctx.addIssue({ code: 'custom', path: ['endAt'], message: 'must be after startAt' });
  });
export type TCreateActivityInput = z.infer<typeof ZCreateActivityInput>;
export interface TCreateActivityOutput {
  id: string;
}

/** Edit before the start; omitted fields keep their value. */
export const ZUpdateActivityInput = z
  .object({
    activityId: zId,
    type: zActivityType.optional(),
    title: zText(80).optional(),
    siteId: zId.nullable().optional(),
    startAt: zInstant.optional(),
    endAt: zInstant.optional(),
    checkin: z.object(checkinFields).partial().strict().optional(),
    description: zText(2000).optional(),
    expectedMemberIds: z.array(zId).max(2000).optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.startAt !== undefined && v.endAt !== undefined && v.endAt <= v.startAt) {
      ctx.addIssue({ code: 'custom', path: ['endAt'], message: 'must be after startAt' });
    }
  });
export type TUpdateActivityInput = z.infer<typeof ZUpdateActivityInput>;
export interface TUpdateActivityOutput {
  id: string;
}

// ---- get / lists --------------------------------------------------------------------------------
export interface TActivity {
  id: string;
  branchId: string;
  type: ActivityType;
  title: string;
  siteId: string | null;
  /**
   * The activity's site. Members get only id/name/kind/address: the fence centre and radius are what
   * a typed-in location would need (security/REVIEW.md S-3), so only the branch's secretary and admins
   * (`get`, `listBranch`) get `location` and `radiusM`.
   */
  site?: {
    id: string;
    name: string;
    kind: SiteKind;
    address?: string;
    location?: { lat: number; lng: number };
    radiusM?: number;
  };
  startAt: EpochMs;
  endAt: EpochMs;
  status: ActivityStatus;
  cancelReason?: string;
  checkin: {
    opensAt: EpochMs;
    closesAt: EpochMs;
    proof: ProofMode;
    requireLocation: boolean;
    approval: ApprovalMode;
    codePeriodSec: number;
    checkOut: boolean;
    offlineGraceSec?: number;
    maxOfflineSec?: number;
    makeupDays?: number;
  };
  description?: string;
  expectedCount?: number;
  createdAt: EpochMs;
}

export const ZGetActivityInput = z.object({ activityId: zId }).strict();
export type TGetActivityInput = z.infer<typeof ZGetActivityInput>;
export type TGetActivityOutput = TActivity;

export const ZListMineInput = z.object(zRangeFields).strict().superRefine(refineRange);
export type TListMineInput = z.infer<typeof ZListMineInput>;
export type TListMineOutput = (TActivity & { myStatus: MyActivityStatus })[];

export const ZListBranchInput = z
  .object({ branchId: zId, ...zRangeFields })
  .strict()
  .superRefine(refineRange);
export type TListBranchInput = z.infer<typeof ZListBranchInput>;
export interface TActivityCounts {
  expected: number;
  present: number;
  pending: number;
  leave: number;
}
export type TListBranchOutput = (TActivity & { counts: TActivityCounts })[];

// ---- displayCode --------------------------------------------------------------------------------
export const ZDisplayCodeInput = z.object({ activityId: zId }).strict();
export type TDisplayCodeInput = z.infer<typeof ZDisplayCodeInput>;
export interface TDisplayCodeOutput {
  code: string;
  expiresAt: EpochMs;
  periodSec: number;
  /** The organiser's display key: lets the display page derive codes offline. Never the activity secret. */
  displayKey?: string;
  /** Check-ins so far (live count on the display). */
  checkedIn?: number;
  /** The server's clock when answering: the display keeps `serverNow − Date.now()` as its offset. */
  serverNow?: EpochMs;
  /** When check-in closes (the display stops minting after it). */
  closesAt?: EpochMs;
}

// ---- cancel -------------------------------------------------------------------------------------
export const ZCancelActivityInput = z.object({ activityId: zId, reason: zReason }).strict();
export type TCancelActivityInput = z.infer<typeof ZCancelActivityInput>;
export interface TCancelActivityOutput {
  status: ActivityStatus;
}
