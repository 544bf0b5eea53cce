import { useCallback, useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import { useDidShow } from '@tarojs/taro';
import type { TListBranchOutput } from '@contract/activity';
import { Badge, Button, Card, ListItem, StateView } from '@/components';
import { callApi, errorText } from '@/services/api';
import { hasRole, useSessionStore } from '@/stores/session';
import { ACTIVITY_TYPE_LABELS } from '@/utils/labels';
import { go, ROUTES } from '@/utils/nav';
import { formatRange } from '@/utils/time';
import { phase } from '../../lib/phase';
import './index.scss';

type Load<T> = { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; data: T };

/** The secretary's activities (secretary subpackage): newest first, with check-in counts. */
export default function SecretaryActivitiesPage() {
  const session = useSessionStore();
  const { member, loaded, refresh } = session;
  const [load, setLoad] = useState<Load<TListBranchOutput>>({ state: 'loading' });
  const branchId = member?.branchId;

  const fetchIt = useCallback(() => {
    if (!branchId) return;
    setLoad({ state: 'loading' });
    callApi('activity', 'listBranch', { branchId })
      .then((data) => setLoad({ state: 'ready', data }))
      .catch((e: unknown) => setLoad({ state: 'error', message: errorText(e) }));
  }, [branchId]);

  // The session may still be loading when the page shows: fetch as soon as the branch is known,
  // and again whenever the page comes back into view (after editing an activity).
  useEffect(fetchIt, [fetchIt]);
  useDidShow(() => {
    if (!loaded) void refresh();
    else fetchIt();
  });

  if (loaded && (!member || !(hasRole(session, 'secretary') || hasRole(session, 'admin')))) {
    return (
      <View className="page">
        <StateView state="empty" text="只有支部书记可以管理活动" />
      </View>
    );
  }
  const now = Date.now();
  return (
    <View className="page sec-activities">
      <View className="sec-activities__top">
        <Button block onClick={() => go(ROUTES.secretaryActivityEdit)}>
          发起活动
        </Button>
        <Button block type="secondary" onClick={() => go(ROUTES.secretarySites)}>
          一线阵地与阵地码
        </Button>
      </View>
      <Card>
        {load.state === 'loading' ? <StateView state="loading" text="正在加载活动…" /> : null}
        {load.state === 'error' ? <StateView state="error" text={load.message} onRetry={fetchIt} /> : null}
        {load.state === 'ready' && load.data.length === 0 ? (
          <StateView
            state="empty"
            text="还没有活动"
            actionText="发起活动"
            onAction={() => go(ROUTES.secretaryActivityEdit)}
          />
        ) : null}
        {load.state === 'ready'
          ? load.data.map((a) => {
              const p = phase(a, now);
              const c = a.counts;
              return (
                <ListItem
                  key={a.id}
                  title={a.title}
                  description={
                    <View className="sec-activities__desc">
                      <Text className="ui-list-item__desc">
                        {ACTIVITY_TYPE_LABELS[a.type]} · {formatRange(a.startAt, a.endAt)}
                        {a.site ? ` · ${a.site.name}` : ''}
                      </Text>
                      <Text className="sec-activities__counts">
                        {a.status === 'cancelled'
                          ? `取消原因：${a.cancelReason ?? '未说明'}`
                          : now < a.checkin.opensAt
                            ? `应到 ${c.expected} 人`
                            : `已签到 ${c.present}/${c.expected}${c.pending ? ` · 待审核 ${c.pending}` : ''}${
                                c.leave ? ` · 请假 ${c.leave}` : ''
                              }`}
                      </Text>
                    </View>
                  }
                  extra={<Badge tone={p.tone}>{p.text}</Badge>}
                  onClick={() => go(`${ROUTES.secretaryActivityEdit}?id=${a.id}`)}
                />
              );
            })
          : null}
      </Card>
    </View>
  );
}
