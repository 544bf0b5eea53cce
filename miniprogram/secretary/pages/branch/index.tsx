import { useCallback, useEffect, useState } from 'react';
import { View, Text } from '@tarojs/components';
import { useDidShow } from '@tarojs/taro';
import type { TBranch, TListMembersOutput } from '@contract/member';
import { Badge, Card, ListItem, StateView } from '@/components';
import { callApi, errorText } from '@/services/api';
import { hasRole, useSessionStore } from '@/stores/session';
import { MEMBER_STATUS_BADGES, ROLE_LABELS } from '@/utils/labels';
import './index.scss';

type Load<T> = { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; data: T };

/**
 * Secretary hub (subpackage `secretary/`): the secretary's own branch and its members. The server
 * decides what a secretary may see; this page only asks.
 */
export default function SecretaryBranchPage() {
  const session = useSessionStore();
  const { member, loaded, error, refresh } = session;
  const [branch, setBranch] = useState<Load<TBranch | null>>({ state: 'loading' });

  useDidShow(() => {
    if (!loaded) void refresh();
  });

  const branchId = member?.branchId;
  const loadBranch = useCallback(() => {
    if (!branchId) return;
    setBranch({ state: 'loading' });
    callApi('member', 'listBranches')
      .then((list) => setBranch({ state: 'ready', data: list.find((b) => b.id === branchId) ?? null }))
      .catch((e: unknown) => setBranch({ state: 'error', message: errorText(e) }));
  }, [branchId]);
  useEffect(loadBranch, [loadBranch]);

  if (!loaded) {
    return (
      <View className="page">
        {error ? (
          <StateView state="error" text={error.message} onRetry={() => void refresh()} />
        ) : (
          <StateView state="loading" />
        )}
      </View>
    );
  }
  if (!member || !hasRole(session, 'secretary')) {
    return (
      <View className="page">
        <StateView state="empty" text="只有支部书记可以使用支部管理" />
      </View>
    );
  }

  return (
    <View className="page secretary">
      <Card title="我的支部">
        {branch.state === 'loading' ? <StateView state="loading" /> : null}
        {branch.state === 'error' ? (
          <StateView state="error" text={branch.message} onRetry={loadBranch} />
        ) : null}
        {branch.state === 'ready' && !branch.data ? (
          <StateView state="empty" text="没有找到你所在的支部" />
        ) : null}
        {branch.state === 'ready' && branch.data ? (
          <View>
            <Text className="secretary__branch-name">{branch.data.name}</Text>
            <Text className="muted secretary__college">
              {[...new Set([branch.data.college, branch.data.linkedUnit].filter(Boolean))].join(' · ') || '—'}
            </Text>
          </View>
        ) : null}
      </Card>
      <Members branchId={member.branchId} />
    </View>
  );
}

function Members({ branchId }: { branchId: string }) {
  const [load, setLoad] = useState<Load<TListMembersOutput>>({ state: 'loading' });
  const fetchMembers = useCallback(() => {
    setLoad({ state: 'loading' });
    callApi('member', 'listMembers', { branchId })
      .then((data) => setLoad({ state: 'ready', data }))
      .catch((e: unknown) => setLoad({ state: 'error', message: errorText(e) }));
  }, [branchId]);
  useEffect(fetchMembers, [fetchMembers]);

  const pending = load.state === 'ready' ? load.data.filter((m) => m.status === 'pending').length : 0;
  return (
    <>
      <Text className="section-title">
        支部成员
        {load.state === 'ready' ? `（${load.data.length} 人${pending ? `，${pending} 人待审核` : ''}）` : ''}
      </Text>
      <Card>
        {load.state === 'loading' ? <StateView state="loading" text="正在加载成员…" /> : null}
        {load.state === 'error' ? (
          <StateView state="error" text={load.message} onRetry={fetchMembers} />
        ) : null}
        {load.state === 'ready' && load.data.length === 0 ? (
          <StateView state="empty" text="花名册还是空的" />
        ) : null}
        {load.state === 'ready'
          ? load.data.map((m) => {
              const s = MEMBER_STATUS_BADGES[m.status];
              return (
                <ListItem
                  key={m.id}
                  title={m.name}
                  description={m.staffNo}
                  extra={
                    <>
                      {m.roles
                        .filter((r) => r !== 'member')
                        .map((r) => (
                          <Badge key={r} tone="primary">
                            {ROLE_LABELS[r]}
                          </Badge>
                        ))}
                      <Badge tone={s.tone}>{s.text}</Badge>
                    </>
                  }
                />
              );
            })
          : null}
      </Card>
    </>
  );
}
