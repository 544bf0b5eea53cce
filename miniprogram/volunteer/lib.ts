import { useCallback, useState } from 'react';
import { errorText, isApiError } from '@/services/api';

/** The pattern of every page: loading, error (with whether binding would help), ready. */
export type Load<T> =
  | { state: 'loading' }
  | { state: 'error'; message: string; notBound?: boolean }
  | { state: 'ready'; data: T };

export function useLoad<T>(fetcher: () => Promise<T>): [Load<T>, () => void, (t: T) => void] {
  const [load, setLoad] = useState<Load<T>>({ state: 'loading' });
  const reload = useCallback(() => {
    setLoad({ state: 'loading' });
    fetcher()
      .then((data) => setLoad({ state: 'ready', data }))
      .catch((e: unknown) =>
        setLoad({ state: 'error', message: errorText(e), notBound: isApiError(e) && e.code === 'NOT_BOUND' }),
      );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return [load, reload, (data: T) => setLoad({ state: 'ready', data })];
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
