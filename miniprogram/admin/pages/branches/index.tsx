import { useCallback, useEffect, useState } from 'react';
import { View, Text } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import type { BranchKind, TListBranchesOutput } from '@contract/member';
import { Badge, Card, ListItem, StateView } from '@/components';
import { callApi, errorText } from '@/services/api';
import { hasRole, useSessionStore } from '@/stores/session';

type Load =
  { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; data: TListBranchesOutput };

const KIND_LABELS: Record<BranchKind, string> = {
  teacher: '教工支部',
  student: '学生支部',
  functional: '机关支部',
  retired: '离退休支部',
};

/** Admin (subpackage `admin/`): every branch of the university, grouped by college. */
export default function AdminBranchesPage() {
  const session = useSessionStore();
  const { loaded, error, refresh } = session;
  const [load, setLoad] = useState<Load>({ state: 'loading' });

  const fetchBranches = useCallback(() => {
    setLoad({ state: 'loading' });
    return callApi('member', 'listBranches')
      .then((data) => setLoad({ state: 'ready', data }))
      .catch((e: unknown) => setLoad({ state: 'error', message: errorText(e) }));
  }, []);
  useEffect(() => {
    void fetchBranches();
  }, [fetchBranches]);
  useDidShow(() => {
    if (!loaded) void refresh();
  });
  usePullDownRefresh(() => {
    void fetchBranches().finally(() => Taro.stopPullDownRefresh());
  });

  if (loaded && !hasRole(session, 'admin')) {
    return (
      <View className="page">
        <StateView state="empty" text="只有管理员可以查看全校支部" />
      </View>
    );
  }
  if (!loaded && error) {
    return (
      <View className="page">
        <StateView state="error" text={error.message} onRetry={() => void refresh()} />
      </View>
    );
  }

  const byCollege = new Map<string, TListBranchesOutput>();
  if (load.state === 'ready') {
    for (const b of load.data) {
      const key = b.college || '其他';
      byCollege.set(key, [...(byCollege.get(key) ?? []), b]);
    }
  }

  return (
    <View className="page">
      {load.state === 'loading' ? <StateView state="loading" text="正在加载支部…" /> : null}
      {load.state === 'error' ? (
        <StateView state="error" text={load.message} onRetry={() => void fetchBranches()} />
      ) : null}
      {load.state === 'ready' && load.data.length === 0 ? (
        <StateView state="empty" text="还没有支部" />
      ) : null}
      {load.state === 'ready' ? <Text className="section-title">共 {load.data.length} 个支部</Text> : null}
      {[...byCollege.entries()].map(([college, list]) => (
        <Card key={college} title={college}>
          {list.map((b) => (
            <ListItem
              key={b.id}
              title={b.name}
              description={b.linkedUnit}
              extra={b.kind ? <Badge>{KIND_LABELS[b.kind]}</Badge> : undefined}
            />
          ))}
        </Card>
      ))}
    </View>
  );
}
