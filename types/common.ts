import { z } from 'zod';

/**
 * Time on the wire: every instant the API *answers* is epoch milliseconds (UTC). Every instant it
 * *accepts* may be epoch milliseconds or an ISO-8601 string with an offset; both parse to epoch ms.
 * Times are displayed and scheduled in Asia/Shanghai.
 */
export const zInstant = z.union([
  z.number().int().nonnegative(),
  z
    .string()
    .refine((s) => /^\d{4}-\d{2}-\d{2}T/.test(s) && !Number.isNaN(Date.parse(s)), 'expected an ISO-8601 date-time')
    .transform((s) => Date.parse(s)),
]);
export type EpochMs = number;

/** Document ids: opaque strings. */
export const zId = z.string().min(1).max(64);

export const TIME_ZONE = 'Asia/Shanghai';
