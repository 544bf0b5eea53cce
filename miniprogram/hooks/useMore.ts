import { useState } from 'react';
import { errorText } from '@/services/api';
import type { Loader } from './useLoad';

/** Where 加载更多 stands: asking for the next page, or what the last try failed with. */
export interface MoreState {
  busy: boolean;
  error: string;
}

/**
 * 加载更多 for a list `useLoad` loaded: `next(current)` asks the server for the page after what is
 * shown and answers how to merge it in. One request at a time; a failure stays beside the button
 * (重试加载, `<MoreFooter>`) and leaves the list as it was.
 */
export function useMore<T>(
  list: Pick<Loader<T>, 'data' | 'update'>,
  next: (current: T) => Promise<(current: T) => T>,
): { more: MoreState; loadMore: () => Promise<void> } {
  const [more, setMore] = useState<MoreState>({ busy: false, error: '' });
  const loadMore = async () => {
    const current = list.data;
    if (!current || more.busy) return;
    setMore({ busy: true, error: '' });
    try {
      list.update(await next(current));
      setMore({ busy: false, error: '' });
    } catch (e) {
      setMore({ busy: false, error: errorText(e) });
    }
  };
  return { more, loadMore };
}
