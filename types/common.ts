import * as z from 'zod';
import { DECISIONS, type Decision } from './enums';

/**
 * Time on the wire: every instant the API *answers* is epoch milliseconds (UTC). Every instant it
 * *accepts* may be epoch milliseconds or an ISO-8601 string with an offset; both parse to epoch ms.
 * Times are displayed and scheduled in Asia/Shanghai.
 */
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

export const zInstant = z.union([
  z.number().int().nonnegative(),
  z
    .string()
    .refine(
      // The offset is required: without one, Date.parse reads the string in the server process's
      // own time zone (UTC in the cloud, often Asia/Shanghai on a laptop), i.e. two instants 8 h apart.
      (s) => ISO_WITH_OFFSET.test(s) && !Number.isNaN(Date.parse(s)),
      'expected an ISO-8601 date-time with an offset (Z or +08:00)',
    )
    .transform((s) => Date.parse(s)),
]);
export type EpochMs = number;

/** Document ids: opaque strings. */
export const zId = z.string().min(1).max(64);

export const TIME_ZONE = 'Asia/Shanghai';

/** A trimmed, non-empty string of at most `max` characters. */
export const zText = (max: number) => z.string().trim().min(1).max(max);

/** An optional free-text reason (trimmed, may be empty only if omitted). */
export const zReason = zText(200);

/** A point on the earth (WGS-84, as `wx.getLocation` answers with `type: 'wgs84'`). */
export const zLatLng = z
  .object({
    lat: z.number().min(-90).max(90),
    lng: z.number().min(-180).max(180),
  })
  .strict();
export type TLatLng = z.infer<typeof zLatLng>;

/** A client-claimed position with its accuracy in metres: evidence, not proof. */
export const zGeoFix = z
  .object({
    lat: z.number().min(-90).max(90),
    lng: z.number().min(-180).max(180),
    accuracy: z.number().min(0).max(100_000),
  })
  .strict();
export type TGeoFix = z.infer<typeof zGeoFix>;

/** A time range filter `{ from?, to? }`; `to` must not be before `from`. */
export const zRangeFields = {
  from: zInstant.optional(),
  to: zInstant.optional(),
};

export { DECISIONS, type Decision };
export const zDecision = z.enum(DECISIONS);

/** An empty payload: the action takes no arguments (unknown keys are refused). */
export const zEmpty = z.object({}).strict();

/** superRefine helper: `to` must not be before `from` (both already parsed to epoch ms). */
export function refineRange(v: { from?: number; to?: number }, ctx: z.RefinementCtx): void {
  if (v.from !== undefined && v.to !== undefined && v.to < v.from) {
    ctx.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
  }
}

/** Page size for list actions. */
export const zLimit = z.number().int().min(1).max(500);
