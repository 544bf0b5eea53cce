import * as z from 'zod';
import type { ActivityType } from './activity';
import {
  CHECKIN_FLAGS,
  CHECKIN_METHODS,
  CHECKIN_STATUSES,
  type CheckinFlag,
  type CheckinMethod,
  type CheckinStatus,
} from './enums';
import { type EpochMs, refineRange, zGeoFix, zId, zInstant, zRangeFields, zText } from './common';

/**
 * checkin: a member proves presence on site. Contract: shared CONTRACT.md "checkin"; issue 5;
 * flow and refusal codes in docs/checkin.md.
 */

export {
  CHECKIN_FLAGS,
  CHECKIN_METHODS,
  CHECKIN_STATUSES,
  type CheckinFlag,
  type CheckinMethod,
  type CheckinStatus,
};

/** Client nonce per scan: a retried upload with the same nonce is stored once. */
const zNonce = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]{8,64}$/, 'expected 8-64 characters of [A-Za-z0-9_-]');

// ---- checkIn ------------------------------------------------------------------------------------
export const ZCheckInInput = z
  .object({
    /** Rotating QR payload or static site code / scene. */
    code: zText(128),
    nonce: zNonce,
    location: zGeoFix.optional(),
    wifiBssid: z.string().trim().toLowerCase().max(32).optional(),
    deviceId: zText(64).optional(),
    /** When the code was scanned (offline queue); defaults to the upload time. */
    scannedAt: zInstant.optional(),
  })
  .strict();
export type TCheckInInput = z.infer<typeof ZCheckInInput>;
export interface TCheckInOutput {
  checkinId: string;
  activityId: string;
  /** `rejected` only on a duplicate answer: the member's existing record was rejected by the secretary. */
  status: CheckinStatus;
  flags: CheckinFlag[];
  /** True when this member already had a record for the activity (the existing one is answered). */
  duplicate: boolean;
  activityTitle?: string;
  /** When the scan counted (the record's check-in time). */
  checkedInAt?: EpochMs;
}

// ---- checkOut -----------------------------------------------------------------------------------
export const ZCheckOutInput = z
  .object({ activityId: zId, nonce: zNonce, location: zGeoFix.optional() })
  .strict();
export type TCheckOutInput = z.infer<typeof ZCheckOutInput>;
export interface TCheckOutOutput {
  checkinId: string;
  durationMin: number;
  /**
   * The duration counts as verified (volunteer hours) only when true: the check-out location was
   * inside the site's fence with a usable accuracy (docs/checkin.md "Check-out", S-18).
   */
  verified: boolean;
  /** Why not verified: `outside_fence`, `low_accuracy`, or `no_location_proof` (no site / no location). */
  unverifiedReason?: 'no_location_proof' | 'outside_fence' | 'low_accuracy';
}

// ---- myRecords ----------------------------------------------------------------------------------
export const ZMyRecordsInput = z.object(zRangeFields).strict().superRefine(refineRange);
export type TMyRecordsInput = z.infer<typeof ZMyRecordsInput>;
export interface TMyRecord {
  checkinId: string;
  activityId: string;
  activityTitle: string;
  activityType: ActivityType;
  startAt: EpochMs;
  at: EpochMs;
  status: CheckinStatus;
  method: CheckinMethod;
  flags: CheckinFlag[];
  /** The secretary's reason on reject / undo. */
  reviewReason?: string;
  checkedOutAt?: EpochMs;
  durationMin?: number;
  /** With a check-out: whether `durationMin` is verified (S-18). */
  durationVerified?: boolean;
}
export type TMyRecordsOutput = TMyRecord[];
