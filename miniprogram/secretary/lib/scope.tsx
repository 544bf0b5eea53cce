import { useCallback, useEffect, useState } from 'react';
import { View, Text, Picker } from '@tarojs/components';
import { useDidShow, useRouter } from '@tarojs/taro';
import type { TBranch } from '@contract/member';
import { StateView } from '@/components';
import { callApi, errorText } from '@/services/api';
import { hasRole, useSessionStore } from '@/stores/session';
import { branchLabel } from '@/utils/member';

export type Load<T> =
  { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; data: T };

export interface BranchScope {
  /** The branch the page works on: `?branchId=` (admins), else the secretary's own branch. */
  branchId: string | null;
  branch: TBranch | null;
  isAdmin: boolean;
  /** Rendered instead of the page while the session loads, or when the caller may not use it. */
  gate: JSX.Element | null;
  /** A branch picker for admins (null for secretaries). */
  picker: JSX.Element | null;
}

/**
 * Which branch a secretary page works on. A secretary works on their own branch; an admin picks
 * one (or arrives with `?branchId=` from the admin pages). The server checks the same again.
 */
export function useBranchScope(): BranchScope {
  const session = useSessionStore();
  const { member, loaded, error, refresh } = session;
  const params = useRouter().params;
  const isAdmin = hasRole(session, 'admin');
  const isSecretary = hasRole(session, 'secretary');
  const [picked, setPicked] = useState<string | null>(params.branchId ?? null);
  const [branches, setBranches] = useState<Load<TBranch[]>>({ state: 'loading' });

  useDidShow(() => {
    if (!loaded) void refresh();
  });
  const loadBranches = useCallback(() => {
    setBranches({ state: 'loading' });
    callApi('member', 'listBranches')
      .then((data) => setBranches({ state: 'ready', data }))
      .catch((e: unknown) => setBranches({ state: 'error', message: errorText(e) }));
  }, []);
  useEffect(loadBranches, [loadBranches]);

  const branchId = isAdmin
    ? (picked ?? (isSecretary ? (member?.branchId ?? null) : null))
    : isSecretary
      ? (member?.branchId ?? null)
      : null;
  const list = branches.state === 'ready' ? branches.data : [];
  const branch = list.find((b) => b.id === branchId) ?? null;

  let gate: JSX.Element | null = null;
  if (!loaded) {
    gate = error ? (
      <StateView state="error" text={error.message} onRetry={() => void refresh()} />
    ) : (
      <StateView state="loading" />
    );
  } else if (!isAdmin && !isSecretary) {
    gate = <StateView state="empty" text="只有支部书记和管理员可以使用此页面" />;
  } else if (branches.state === 'error') {
    gate = <StateView state="error" text={branches.message} onRetry={loadBranches} />;
  }

  const index = list.findIndex((b) => b.id === branchId);
  const picker = isAdmin ? (
    <Picker
      mode="selector"
      range={list.map(branchLabel)}
      value={Math.max(index, 0)}
      onChange={(e) => setPicked(list[Number(e.detail.value)]?.id ?? null)}
    >
      <View className="scope__picker">
        <Text className="scope__label">支部</Text>
        <Text className={branch ? 'scope__value' : 'scope__value muted'}>
          {branches.state === 'loading' ? '正在加载…' : branch ? branch.name : '请选择支部'}
        </Text>
        <Text className="muted">›</Text>
      </View>
    </Picker>
  ) : null;

  return { branchId, branch, isAdmin, gate, picker };
}
