import { useState } from 'react';
import { useDidShow } from '@tarojs/taro';
import { StateView } from '@/components';
import { getLocalOpenid } from '@/services/identity';
import type { Role } from '@contract/enums';
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
   * a spinner, or the error with 重试 — and, for a page `only` some roles use, the `refusal` to anyone
   * else. Null once the page may be shown.
   */
  gate: JSX.Element | null;
}

export interface UseSessionOptions {
  /** `always`: ask `member.me` every time the page shows; `ifNeeded` (default): while unknown */
  refresh?: 'always' | 'ifNeeded';
  /** the roles that may use the page (any of them); others get `refusal` as the gate */
  only?: readonly Role[];
  /** why not, in Chinese (default 你没有权限使用此页面) */
  refusal?: string;
}

/**
 * "Who is this" for a page: asks `member.me` when the page is shown, and answers the gate to show
 * until it is known — and, with `only`, until it is known that the caller may use the page. The
 * server decides again; this only spares a member a page of refusals.
 */
export function useSession({ refresh = 'ifNeeded', only, refusal }: UseSessionOptions = {}): SessionView {
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
  else if (only && !only.some((r) => hasRole(session, r)))
    gate = <StateView state="empty" text={refusal ?? '你没有权限使用此页面'} />;

  return {
    ...session,
    noIdentity,
    ready: !noIdentity && session.loaded,
    isSecretary: hasRole(session, 'secretary'),
    isAdmin: hasRole(session, 'admin'),
    gate,
  };
}
