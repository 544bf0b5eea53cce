/**
 * Failed binding attempts per WeChat user: staff numbers are guessable, so after `limit` failures
 * within `windowMs` the next attempt is refused until the oldest failure leaves the window.
 */
export interface ThrottlePolicy {
  limit: number;
  windowMs: number;
}

export const BIND_THROTTLE: ThrottlePolicy = { limit: 5, windowMs: 60 * 60 * 1000 };

/** The failures still inside the window, oldest first. */
export function recentFailures(failures: readonly number[], now: number, p: ThrottlePolicy): number[] {
  return failures.filter((t) => t > now - p.windowMs && t <= now).sort((a, b) => a - b);
}

export type ThrottleDecision = { allow: true } | { allow: false; retryAt: number };

export function throttleDecision(
  failures: readonly number[],
  now: number,
  p: ThrottlePolicy,
): ThrottleDecision {
  const recent = recentFailures(failures, now, p);
  if (recent.length < p.limit) return { allow: true };
  return { allow: false, retryAt: recent[recent.length - p.limit] + p.windowMs };
}

/** The list to store after one more failure (bounded to `limit` entries). */
export function withFailure(failures: readonly number[], now: number, p: ThrottlePolicy): number[] {
  return [...recentFailures(failures, now, p), now].slice(-p.limit);
}
