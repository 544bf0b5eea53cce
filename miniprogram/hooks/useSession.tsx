import { useState } from 'react';
import { useDidShow } from '@tarojs/taro';
import { StateView } from '@/components';
import { getLocalOpenid } from '@/services/identity';
import { hasRole, useSessionStore, type SessionState } from '@/stores/session';
import { go, ROUTES } from '@/utils/nav';

export interface SessionView extends SessionState {
  /** H5 only: nobody has chosen a demo identity yet. */
  noIdentity: boolean;
  /** `member.me` has answered: `member`, `roles` may be read. */
  ready: boolean;
  isSecretary: boolean;
  isAdmin: boolean;
  /**
   * What to render instead of the page until the session is ready: the demo-identity prompt (H5),
   * a spinner, or the error with 重试. Null once ready.
   */
  gate: JSX.Element | null;
}

/**
 * "Who is this" for a page: asks `member.me` when the page is shown (every time with
 * `refresh: 'always'`, else only while unknown), and answers the gate to show until it is known.
 */
export function useSession({ refresh = 'ifNeeded' }: { refresh?: 'always' | 'ifNeeded' } = {}): SessionView {
  const isH5 = process.env.TARO_ENV === 'h5';
  const session = useSessionStore();
  const [noIdentity, setNoIdentity] = useState(() => isH5 && !getLocalOpenid());

  useDidShow(() => {
    const none = isH5 && !getLocalOpenid();
    setNoIdentity(none);
    if (none) return;
    if (refresh === 'always' || !useSessionStore.getState().loaded) void session.refresh();
  });

  let gate: JSX.Element | null = null;
  if (noIdentity)
    gate = (
      <StateView
        state="empty"
        text="尚未选择演示身份"
        actionText="以演示身份进入"
        onAction={() => go(ROUTES.login)}
      />
    );
  else if (!session.loaded)
    gate = session.error ? (
      <StateView state="error" text={session.error.message} onRetry={() => void session.refresh()} />
    ) : (
      <StateView state="loading" />
    );

  return {
    ...session,
    noIdentity,
    ready: !noIdentity && session.loaded,
    isSecretary: hasRole(session, 'secretary'),
    isAdmin: hasRole(session, 'admin'),
    gate,
  };
}
