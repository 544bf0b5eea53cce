import type { BadgeTone } from '@/components';

/** Where an activity stands now, for the secretary's list. */
export function phase(
  a: { status: string; startAt: number; endAt: number },
  now: number,
): { text: string; tone: BadgeTone } {
  if (a.status === 'cancelled') return { text: '已取消', tone: 'default' };
  if (now < a.startAt) return { text: '未开始', tone: 'primary' };
  if (now <= a.endAt) return { text: '进行中', tone: 'success' };
  return { text: '已结束', tone: 'default' };
}
