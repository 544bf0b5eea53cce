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

/**
 * Staff numbers held by another branch that one branch's imports may run into per day
 * (security/REVIEW.md S-25). Each such row tells the importer that the number exists elsewhere, so
 * they are a budget, not a free lookup: 20 a day covers people moving between branches; testing a
 * list of thousands is refused.
 */
export const FOREIGN_STAFF_NO_BUDGET: ThrottlePolicy = { limit: 20, windowMs: 24 * 60 * 60 * 1000 };

export type BudgetDecision =
  { allow: true; failures: number[] } | { allow: false; retryAt: number; failures: number[] };

/**
 * `count` more hits against a budget. Within it: allowed, the hits recorded. Beyond it: refused as
 * a whole and the budget marked spent (`limit` entries at `now`), so probing in smaller batches
 * afterwards learns nothing until the window has passed.
 */
export function spendBudget(
  failures: readonly number[],
  count: number,
  now: number,
  p: ThrottlePolicy,
): BudgetDecision {
  const recent = recentFailures(failures, now, p);
  if (recent.length + count <= p.limit) {
    return { allow: true, failures: [...recent, ...Array<number>(count).fill(now)].slice(-p.limit) };
  }
  return { allow: false, retryAt: now + p.windowMs, failures: Array<number>(p.limit).fill(now) };
}
