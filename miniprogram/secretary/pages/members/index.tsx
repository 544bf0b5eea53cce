import { useCallback, useEffect, useMemo, useState } from 'react';
import { View, Text, Input } from '@tarojs/components';
import type { MemberStatus, TListMembersOutput } from '@contract/member';
import { Badge, Card, ListItem, StateView } from '@/components';
import { callApi, errorText } from '@/services/api';
import { MEMBER_STATUS_BADGES, ROLE_LABELS } from '@/utils/labels';
import { go, ROUTES } from '@/utils/nav';
import { useBranchScope, type Load } from '../../lib/scope';
import '../../lib/scope.scss';
import './index.scss';

const FILTERS: { key: MemberStatus | 'all'; text: string }[] = [
  { key: 'all', text: '全部' },
  { key: 'active', text: '已认证' },
  { key: 'pending', text: '待审核' },
  { key: 'unbound', text: '未绑定' },
];

/** The branch roster with binding status; contact data as the server answers it (masked where due). */
export default function MembersPage() {
  const scope = useBranchScope();
  const { branchId } = scope;
  const [load, setLoad] = useState<Load<TListMembersOutput>>({ state: 'loading' });
  const [filter, setFilter] = useState<MemberStatus | 'all'>('all');
  const [query, setQuery] = useState('');

  const fetchMembers = useCallback(() => {
    if (!branchId) return;
    setLoad({ state: 'loading' });
    callApi('member', 'listMembers', { branchId })
      .then((data) => setLoad({ state: 'ready', data }))
      .catch((e: unknown) => setLoad({ state: 'error', message: errorText(e) }));
  }, [branchId]);
  useEffect(fetchMembers, [fetchMembers]);

  const all = useMemo(
    () =>
      load.state === 'ready' ? [...load.data].sort((a, b) => a.name.localeCompare(b.name, 'zh-CN')) : [],
    [load],
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
        <View className="form__chips form__chips--row">
          {FILTERS.map((f) => (
            <View
              key={f.key}
              className={`form__chip${filter === f.key ? ' form__chip--on' : ''}`}
              role="button"
              onClick={() => setFilter(f.key)}
            >
              <Text>
                {f.text}
                {load.state === 'ready' ? ` ${counts[f.key] ?? 0}` : ''}
              </Text>
            </View>
          ))}
        </View>
      </View>
      {!branchId ? <StateView state="empty" text="请选择支部" /> : null}
      {branchId && load.state === 'loading' ? <StateView state="loading" text="正在加载成员…" /> : null}
      {branchId && load.state === 'error' ? (
        <StateView state="error" text={load.message} onRetry={fetchMembers} />
      ) : null}
      {branchId && load.state === 'ready' && all.length === 0 ? (
        <StateView
          state="empty"
          text="花名册还是空的"
          actionText="导入花名册"
          onAction={() => go(`${ROUTES.secretaryImport}?branchId=${branchId}`)}
        />
      ) : null}
      {load.state === 'ready' && all.length > 0 && shown.length === 0 ? (
        <StateView state="empty" text="没有符合条件的成员" />
      ) : null}
      {shown.length > 0 ? (
        <Card>
          {shown.map((m) => {
            const s = MEMBER_STATUS_BADGES[m.status];
            return (
              <ListItem
                key={m.id}
                title={m.name}
                description={[m.staffNo, m.phone].filter(Boolean).join(' · ')}
                extra={
                  <>
                    {m.roles
                      .filter((r) => r !== 'member')
                      .map((r) => (
                        <Badge key={r} tone="primary">
                          {ROLE_LABELS[r]}
                        </Badge>
                      ))}
                    {m.quitRequestedAt ? <Badge tone="danger">申请注销</Badge> : null}
                    <Badge tone={s.tone}>{s.text}</Badge>
                  </>
                }
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
