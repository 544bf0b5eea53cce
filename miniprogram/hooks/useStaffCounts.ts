import { useEffect } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { useLoad } from '@/hooks/useLoad';
import { callApi } from '@/services/api';

/** Index of 我的 in app.config.ts `tabBar.list`: the badge sits on it, where the review links are. */
const ME_TAB = 1;

export interface StaffCounts {
  /** binding requests waiting for the secretary */
  bindings: number;
  /** check-ins, leave and make-up requests waiting in the attendance queue */
  queue: number;
}

/**
 * What waits for a secretary, DingTalk-style: pending bindings and the attendance queue, counted where
 * the secretary starts (home, 我的) and as the badge on the 我的 tab. Null while unknown or for others.
 */
export function useStaffCounts(branchId: string | null, isSecretary: boolean): StaffCounts | null {
  const counts = useLoad(
    async (): Promise<StaffCounts> => {
      const [pending, queue] = await Promise.all([
        callApi('member', 'listMembers', { branchId: branchId ?? '', status: 'pending' }),
        callApi('attendance', 'queue', { branchId: branchId ?? '' }),
      ]);
      return { bindings: pending.length, queue: queue.length };
    },
    [branchId, isSecretary],
    { enabled: Boolean(branchId) && isSecretary, when: 'show' },
  );
  const data = counts.data;
  useEffect(() => showBadge(data), [data]);
  useDidShow(() => showBadge(data));
  return data;
}

function showBadge(c: StaffCounts | null): void {
  const n = c ? c.bindings + c.queue : 0;
  // The badge is decoration: a tab bar that is not shown (H5 page opened directly) may refuse it.
  try {
    const done =
      n > 0
        ? Taro.setTabBarBadge({ index: ME_TAB, text: n > 99 ? '99+' : String(n) })
        : Taro.removeTabBarBadge({ index: ME_TAB });
    void Promise.resolve(done).catch(() => undefined);
  } catch {
    // not a tab page
  }
}
