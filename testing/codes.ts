import type { TDisplayCodeOutput } from '../types/activity';

/**
 * A scan judged less than `tooFastMs` (1 s, core/domain/checkin/policy.ts) after its code appeared on the
 * display is flagged `too_fast`, so a test that expects a clean check-in from a code it has just fetched
 * fails whenever it lands on a rotation. This holds the fetched code until 1.2 s into its window (on the
 * server's clock, `serverNow`), then returns it.
 */
export async function settledCode<T extends TDisplayCodeOutput>(d: T, intoWindowMs = 1_200): Promise<T> {
  const intoWindow = (d.serverNow ?? Date.now()) - (d.expiresAt - d.periodSec * 1000);
  if (intoWindow < intoWindowMs) await new Promise((r) => setTimeout(r, intoWindowMs - intoWindow));
  return d;
}
