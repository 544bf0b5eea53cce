/**
 * A member's report of service done elsewhere (kind `reported`; docs/volunteer.md "Reports").
 * Pure: the date rule. Hours, title and description are checked by the contract schema; evidence
 * ownership by the handler (the caller's own uploads only).
 */
import { REPORT_MAX_AGE_DAYS } from '../../../../types/volunteer';
import { shanghaiDay } from './hours';

const DAY_MS = 24 * 3_600_000;

/**
 * The service date may be today (Shanghai) but not later, and at most REPORT_MAX_AGE_DAYS back.
 * Compared as Shanghai calendar days, so "today" means the same thing to the member and the server.
 */
export function reportDateRefusal(date: number, now: number): null | 'future' | 'too_old' {
  if (shanghaiDay(date) > shanghaiDay(now)) return 'future';
  if (date < now - REPORT_MAX_AGE_DAYS * DAY_MS) return 'too_old';
  return null;
}

/** Magic bytes of the two accepted photo types: the bytes must be what the content type says. */
export function looksLike(contentType: 'image/jpeg' | 'image/png', bytes: Uint8Array): boolean {
  if (contentType === 'image/jpeg')
    return bytes.length > 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  return bytes.length > 8 && png.every((b, i) => bytes[i] === b);
}
