import { useCallback, useEffect, useRef, useState } from 'react';
import { useDidShow } from '@tarojs/taro';
import { errorText, isApiError, type ApiErrorCode } from '@/services/api';

/** What a fetch has come to: the one shape every page renders with `<Loaded>`. */
export type Load<T> =
  | { state: 'loading' }
  | { state: 'error'; message: string; code: ApiErrorCode | null }
  | { state: 'ready'; data: T };

export interface UseLoadOptions {
  /** false: do not fetch (yet) — e.g. while the session or a required parameter is missing. */
  enabled?: boolean;
  /**
   * `mount` (default): fetch when the inputs change; `show`: also every time the page is shown again
   * (lists that change while the user is elsewhere: records, my data, an activity's status).
   */
  when?: 'mount' | 'show';
}

export interface Loader<T> {
  load: Load<T>;
  /** The data when ready, else null. */
  data: T | null;
  /** Fetch again. `quiet`: keep showing the current data until the answer arrives. */
  reload: (opts?: { quiet?: boolean }) => Promise<void>;
  /** Change the loaded data in place (after an action whose answer says what changed). */
  update: (fn: (data: T) => T) => void;
}

/**
 * The one fetch → state block of the mini-program: runs `fetcher` (which calls `callApi`), keeps the
 * answer or the Chinese error text, ignores an answer that arrives after a newer request, and
 * refetches when `deps` change. Render the result with `<Loaded load={…} onRetry={reload}>`.
 */
export function useLoad<T>(
  fetcher: () => Promise<T>,
  deps: readonly unknown[],
  { enabled = true, when = 'mount' }: UseLoadOptions = {},
): Loader<T> {
  const [load, setLoad] = useState<Load<T>>({ state: 'loading' });
  const seq = useRef(0);
  const fetcherRef = useRef(fetcher);
  fetcherRef.current = fetcher;
  const enabledRef = useRef(enabled);
  enabledRef.current = enabled;

  const reload = useCallback(async ({ quiet = false }: { quiet?: boolean } = {}) => {
    if (!enabledRef.current) return;
    const mine = ++seq.current;
    if (!quiet) setLoad({ state: 'loading' });
    try {
      const data = await fetcherRef.current();
      if (mine === seq.current) setLoad({ state: 'ready', data });
    } catch (e) {
      if (mine === seq.current)
        setLoad({ state: 'error', message: errorText(e), code: isApiError(e) ? e.code : null });
    }
  }, []);

  const shown = useRef(false);
  useEffect(() => {
    if (enabled) void reload();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `deps` are the fetcher's inputs
  }, [enabled, reload, ...deps]);
  useDidShow(() => {
    // The first show is the mount (above); later shows refetch quietly when asked to.
    if (shown.current && when === 'show') void reload({ quiet: true });
    shown.current = true;
  });

  const update = useCallback((fn: (data: T) => T) => {
    setLoad((l) => (l.state === 'ready' ? { state: 'ready', data: fn(l.data) } : l));
  }, []);

  return { load, data: load.state === 'ready' ? load.data : null, reload, update };
}
