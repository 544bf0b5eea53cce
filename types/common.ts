import * as z from 'zod';
import { DECISIONS, type Decision } from './enums';

/**
 * Time on the wire: every instant the API *answers* is epoch milliseconds (UTC). Every instant it
 * *accepts* may be epoch milliseconds or an ISO-8601 string with an offset; both parse to epoch ms.
 * Times are displayed and scheduled in Asia/Shanghai.
 */
const ISO_WITH_OFFSET =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|([+-])(\d{2}):?(\d{2}))$/;

/**
 * One range for every instant the API accepts, in either form (security/REVIEW.md S-26):
 * [2000-01-01T00:00:00Z, 2100-01-01T00:00:00Z). Nothing in a branch's life lies outside it, and a
 * bounded range keeps date arithmetic (calendar days, ranges, cron) away from the edges of `Date`.
 */
export const INSTANT_MIN = Date.UTC(2000, 0, 1);
export const INSTANT_MAX_EXCLUSIVE = Date.UTC(2100, 0, 1);
const RANGE_MESSAGE = 'expected an instant in [2000-01-01, 2100-01-01) UTC';

/**
 * Epoch ms of an ISO-8601 date-time with an offset, or NaN. Every field must be a real calendar
 * value: `Date.parse` would roll `2026-02-30` over to 2 March and take `24:00`.
 */
export function parseIsoInstant(s: string): number {
  const m = ISO_WITH_OFFSET.exec(s);
  if (!m) return Number.NaN;
  const [y, mo, d, h, mi, sec] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number);
  if (mo < 1 || mo > 12 || h > 23 || mi > 59 || sec > 59) return Number.NaN;
  const daysInMonth = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  if (d < 1 || d > daysInMonth) return Number.NaN;
  if (m[8] !== 'Z' && (Number(m[10]) > 14 || Number(m[11]) > 59)) return Number.NaN;
  return Date.parse(s);
}

const inRange = (ms: number) => ms >= INSTANT_MIN && ms < INSTANT_MAX_EXCLUSIVE;

export const zInstant = z.union([
  z.number().int().refine(inRange, RANGE_MESSAGE),
  z
    .string()
    .refine(
      // The offset is required: without one, Date.parse reads the string in the server process's
      // own time zone (UTC in the cloud, often Asia/Shanghai on a laptop), i.e. two instants 8 h apart.
      (s) => !Number.isNaN(parseIsoInstant(s)),
      'expected an ISO-8601 date-time with an offset (Z or +08:00) naming a real date',
    )
    .transform((s) => parseIsoInstant(s))
    .refine(inRange, RANGE_MESSAGE),
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
