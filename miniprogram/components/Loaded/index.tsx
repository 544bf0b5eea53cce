import type { ReactNode } from 'react';
import type { Load } from '@/hooks/useLoad';
import { go, ROUTES } from '@/utils/nav';
import StateView from '../StateView';

export interface LoadedProps<T> {
  load: Load<T>;
  onRetry?: () => void;
  loadingText?: string;
  /** When the data counts as nothing to show (default: an empty array). */
  isEmpty?: (data: T) => boolean;
  /** The empty state's text; without it an empty answer renders `children` anyway. */
  emptyText?: string;
  emptyAction?: { text: string; onClick: () => void };
  children: (data: T) => ReactNode;
}

/**
 * Loading / error / empty / content for one fetch (`useLoad`): every list and every fetched screen
 * renders through this, so none is ever blank. An error that names what to do offers it: NOT_BOUND
 * (no member identity yet) leads to 去绑定 instead of a retry that cannot help.
 */
export default function Loaded<T>({
  load,
  onRetry,
  loadingText,
  isEmpty = (d) => Array.isArray(d) && d.length === 0,
  emptyText,
  emptyAction,
  children,
}: LoadedProps<T>) {
  if (load.state === 'loading') return <StateView state="loading" text={loadingText} />;
  if (load.state === 'error') {
    if (load.code === 'NOT_BOUND')
      return (
        <StateView state="error" text={load.message} retryText="去绑定" onRetry={() => go(ROUTES.bind)} />
      );
    return <StateView state="error" text={load.message} onRetry={onRetry} />;
  }
  if (emptyText && isEmpty(load.data))
    return (
      <StateView
        state="empty"
        text={emptyText}
        actionText={emptyAction?.text}
        onAction={emptyAction?.onClick}
      />
    );
  return <>{children(load.data)}</>;
}
