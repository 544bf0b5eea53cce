import type { Caller } from '../../core/auth/caller';
import { DomainError } from '../../core/errors';
import { getActivityDoc, type ActivityDoc } from '../../core/repos/activities';
import { getTeam, type TeamDoc } from '../../core/repos/teams';

export async function requireTeam(teamId: string): Promise<TeamDoc> {
  const t = await getTeam(teamId);
  if (!t || t.archived) throw new DomainError('NOT_FOUND', 'no such team');
  return t;
}

/** A 先锋领航 event (an activity with a team), or NOT_FOUND. */
export async function requireEvent(activityId: string): Promise<ActivityDoc & { teamId: string }> {
  const a = await getActivityDoc(activityId);
  if (!a || !a.teamId || !a.volunteer) throw new DomainError('NOT_FOUND', 'no such volunteer event');
  return a as ActivityDoc & { teamId: string };
}

/** The caller's own member row (policies already required an active one). */
export function me(caller: Caller) {
  if (!caller.member || !caller.active) throw new DomainError('NOT_BOUND', 'no active member');
  return caller.member;
}

/** A small pool: run `fn` over `items` with at most `n` in flight, answers in order. */
export async function mapPool<T, R>(
  items: readonly T[],
  n: number,
  fn: (t: T, i: number) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= items.length) return;
      out[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, worker));
  return out;
}
