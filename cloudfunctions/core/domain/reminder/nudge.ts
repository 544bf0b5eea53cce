import { allow, refuse, type Decision } from '../attendance/decision';

/** "催一下": at most once per `intervalMs` per activity. */
export interface NudgePolicy {
  intervalMs: number;
}
export const DEFAULT_NUDGE_POLICY: NudgePolicy = { intervalMs: 30 * 60_000 };

/**
 * Allowed when there was no nudge yet, or the last one is at least 30 min old: exactly 30 min after
 * it is allowed again. A `lastNudgeAt` in the future (clock skew between instances) still blocks
 * until 30 min after it. Refusal: RATE_LIMITED with `retryAt`.
 */
export function canNudge(
  lastNudgeAt: number | null | undefined,
  now: number,
  policy: NudgePolicy = DEFAULT_NUDGE_POLICY,
): Decision {
  if (lastNudgeAt == null) return allow();
  const retryAt = lastNudgeAt + policy.intervalMs;
  if (now >= retryAt) return allow();
  return refuse('RATE_LIMITED', 'this activity was nudged less than 30 minutes ago', {
    retryAt,
    retryAfterMs: retryAt - now,
  });
}
