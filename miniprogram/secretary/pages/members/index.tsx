import { useMemo, useState } from 'react';
import { View, Text, Input } from '@tarojs/components';
import type { MemberStatus } from '@contract/enums';
import { Card, Chips, ListItem, Loaded, MemberBadges, StateView } from '@/components';
import { useLoad } from '@/hooks/useLoad';
import { callApi } from '@/services/api';
import { MEMBER_STATUS_LABELS } from '@/utils/labels';
import { go, ROUTES } from '@/utils/nav';
import { useBranchScope } from '../../lib/scope';
import '../../lib/scope.scss';
import './index.scss';

const FILTERS: { key: MemberStatus | 'all'; text: string }[] = [
  { key: 'all', text: '全部' },
  ...(['active', 'pending', 'unbound'] as const).map((key) => ({ key, text: MEMBER_STATUS_LABELS[key] })),
];

/** The branch roster with binding status; contact data as the server answers it (masked where due). */
export default function MembersPage() {
  const scope = useBranchScope();
  const { branchId } = scope;
  const members = useLoad(() => callApi('member', 'listMembers', { branchId: branchId ?? '' }), [branchId], {
    enabled: Boolean(branchId),
  });
  const [filter, setFilter] = useState<MemberStatus | 'all'>('all');
  const [query, setQuery] = useState('');

  const all = useMemo(
    () => [...(members.data ?? [])].sort((a, b) => a.name.localeCompare(b.name, 'zh-CN')),
    [members.data],
  );
  const counts = useMemo(() => {
    const c: Record<string, number> = { all: all.length };
    for (const m of all) c[m.status] = (c[m.status] ?? 0) + 1;
    return c;
  }, [all]);
  const q = query.trim().toLowerCase();
  const shown = all.filter(
    (m) =>
      (filter === 'all' || m.status === filter) &&
      (!q || m.name.includes(q) || m.staffNo.toLowerCase().includes(q)),
  );

  if (scope.gate) return <View className="page">{scope.gate}</View>;

  return (
    <View className="page members">
      {scope.picker}
      <View className="members__tools">
        <Input
          className="ui-input form__input-box members__search"
          value={query}
          placeholder="搜索姓名或工号/学号"
          onInput={(e) => setQuery(e.detail.value)}
        />
        <Chips
          row
          values={FILTERS}
          labelOf={(f) => `${f.text}${members.data ? ` ${counts[f.key] ?? 0}` : ''}`}
          isOn={(f) => filter === f.key}
          onPick={(f) => setFilter(f.key)}
        />
      </View>
      {!branchId ? (
        <StateView state="empty" text="请选择支部" />
      ) : (
        <Loaded
          load={members.load}
          onRetry={() => void members.reload()}
          loadingText="正在加载成员…"
          emptyText="花名册还是空的"
          emptyAction={{
            text: '导入花名册',
            onClick: () => go(`${ROUTES.secretaryImport}?branchId=${branchId}`),
          }}
        >
          {() => (shown.length === 0 ? <StateView state="empty" text="没有符合条件的成员" /> : null)}
        </Loaded>
      )}
      {shown.length > 0 ? (
        <Card>
          {shown.map((m) => {
            return (
              <ListItem
                key={m.id}
                title={m.name}
                description={[m.staffNo, m.phone].filter(Boolean).join(' · ')}
                extra={<MemberBadges m={m} />}
              />
            );
          })}
        </Card>
      ) : null}
      {shown.some((m) => m.masked) ? (
        <Text className="muted members__note">手机号和工号/学号仅本人、本支部书记和管理员可见完整信息。</Text>
      ) : null}
    </View>
  );
}
