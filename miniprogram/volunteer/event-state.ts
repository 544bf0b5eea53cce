import type { TEvent } from '@contract/volunteer';

/**
 * Where an event stands for the member looking at it (the events list). Pure: `now` is the phone's
 * clock, used only to choose what to show — the server decides every action (a late check-in is
 * refused there whatever this says).
 *
 * - `signup`: sign-up open (sign up / cancel)
 * - `waiting`: sign-up closed, not started (a signed-up member may open check-in: it opens shortly
 *   before the start)
 * - `ongoing`: started, check-in / check-out still possible (until `checkoutClosesAt`)
 * - `ended`: over — never 去签到 again; the member sees what became of their hours
 * - `cancelled`
 */
export type EventPhase = 'signup' | 'waiting' | 'ongoing' | 'ended' | 'cancelled';

export function eventPhase(
  e: Pick<TEvent, 'status' | 'signupClosesAt' | 'startAt' | 'checkoutClosesAt'>,
  now: number,
): EventPhase {
  if (e.status === 'cancelled') return 'cancelled';
  if (now > e.checkoutClosesAt) return 'ended';
  if (now >= e.startAt) return 'ongoing';
  if (now <= e.signupClosesAt) return 'signup';
  return 'waiting';
}

export type Tone = 'success' | 'warning' | 'danger' | 'default';

/** What a signed-up member sees of an event that is over: the hours, or why there are none. */
export function endedLine(e: Pick<TEvent, 'myHours'>): { text: string; tone: Tone } {
  const h = e.myHours;
  if (!h) return { text: '活动已结束 · 未记录到时长（未签到或未签退可联系队长补录）', tone: 'default' };
  if (h.status === 'confirmed') return { text: `活动已结束 · 已计入 ${h.hours} 小时`, tone: 'success' };
  if (h.status === 'pending') return { text: `活动已结束 · ${h.hours} 小时待队长确认`, tone: 'warning' };
  return { text: '活动已结束 · 时长未通过审核', tone: 'danger' };
}
