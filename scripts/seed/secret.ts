import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToBase64url } from '../../cloudfunctions/core/domain/rotating-code';

/**
 * A real 32-byte activity secret (as `newActivitySecret` makes), derived from the activity id so the
 * demo data is the same on every run and `displayCode` works on every seeded activity.
 */
export function seedSecret(activityId: string): string {
  return bytesToBase64url(sha256(new TextEncoder().encode(`seed-secret:${activityId}`)));
}
