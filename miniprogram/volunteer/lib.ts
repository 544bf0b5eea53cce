import { useLoad as useSharedLoad, type Load } from '@/hooks/useLoad';

/**
 * The pages' fetch: the mini-program's one loader (`@/hooks/useLoad`), run on every show of the page,
 * as `[load, reload, set]` (`set` replaces the data after an action whose answer says what changed).
 */
export function useLoad<T>(fetcher: () => Promise<T>): [Load<T>, () => void, (t: T) => void] {
  const l = useSharedLoad(fetcher, [], { when: 'show' });
  return [l.load, () => void l.reload(), (data: T) => l.update(() => data)];
}

/** `2.5 小时` */
export const hoursText = (h: number) =>
  `${Number.isInteger(h) ? h : h.toFixed(h * 10 === Math.round(h * 10) ? 1 : 2)} 小时`;

export const VOLUNTEER_ROUTES = {
  home: '/volunteer/pages/index/index',
  events: '/volunteer/pages/events/index',
  hours: '/volunteer/pages/hours/index',
  report: '/volunteer/pages/report/index',
  certificate: '/volunteer/pages/certificate/index',
  queue: '/volunteer/pages/queue/index',
  eventEdit: '/volunteer/pages/event-edit/index',
  stats: '/volunteer/pages/stats/index',
} as const;

/** Start of this Asia/Shanghai calendar year, epoch ms. */
export function yearStart(now = Date.now()): number {
  const y = new Date(now + 8 * 3_600_000).getUTCFullYear();
  return Date.UTC(y, 0, 1) - 8 * 3_600_000;
}
