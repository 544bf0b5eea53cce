/**
 * Which fields of an activity may change, and when. Before the start: everything. From the start
 * on, only what people read (title, description): the times, the place and the check-in rules are
 * what attendance was judged by, so they are locked. A cancelled activity changes no more.
 */
export const EDITABLE_AFTER_START = ['title', 'description'] as const;

/**
 * The fields of `changes` that may not change now (empty: the edit is allowed). `changes` holds the
 * edit's fields (undefined ones are ignored); `activityId` names the target and is never a change.
 */
export function lockedFields(
  activity: { startAt: number; status: string },
  changes: Record<string, unknown>,
  now: number,
): string[] {
  const asked = Object.keys(changes).filter((k) => k !== 'activityId' && changes[k] !== undefined);
  if (activity.status === 'cancelled') return asked;
  if (now < activity.startAt) return [];
  return asked.filter((k) => !(EDITABLE_AFTER_START as readonly string[]).includes(k));
}
