import { useCallback, useState } from 'react';
import { Text, View } from '@tarojs/components';
import { useDidShow, useRouter } from '@tarojs/taro';
import type { TActivity, MyActivityStatus } from '@contract/activity';
import { Badge, Button, Card, ListItem, RemindMe, StateView } from '@/components';
import { callApi, errorText } from '@/services/api';
import { ACTIVITY_TYPE_LABELS, APPROVAL_LABELS, MY_STATUS_BADGES, PROOF_HINTS } from '@/utils/labels';
import { go, ROUTES } from '@/utils/nav';
import { formatDateTime, formatRange } from '@/utils/time';
import './index.scss';

type Load<T> = { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; data: T };

/** One activity (`?id=`): when, where, how to check in, my status; a cancelled one shows its reason. */
export default function ActivityPage() {
  const { id = '' } = useRouter().params;
  const [load, setLoad] = useState<Load<{ a: TActivity; my: MyActivityStatus | null }>>({ state: 'loading' });

  const fetchIt = useCallback(() => {
    if (!id) {
      setLoad({ state: 'error', message: '缺少活动编号' });
      return;
    }
    setLoad({ state: 'loading' });
    callApi('activity', 'get', { activityId: id })
      .then(async (a) => {
        const mine = await callApi('activity', 'listMine', { from: a.startAt, to: a.startAt });
        setLoad({ state: 'ready', data: { a, my: mine.find((x) => x.id === id)?.myStatus ?? null } });
      })
      .catch((e: unknown) => setLoad({ state: 'error', message: errorText(e) }));
  }, [id]);
  useDidShow(fetchIt);

  if (load.state === 'loading')
    return (
      <View className="page">
        <StateView state="loading" />
      </View>
    );
  if (load.state === 'error')
    return (
      <View className="page">
        <StateView state="error" text={load.message} onRetry={fetchIt} />
      </View>
    );
  const { a, my } = load.data;
  const s = my ? MY_STATUS_BADGES[my] : null;
  return (
    <View className="page activity">
      {a.status === 'cancelled' ? (
        <View className="activity__cancelled" role="alert">
          <Text className="activity__cancelled-title">活动已取消</Text>
          <Text>取消原因：{a.cancelReason ?? '未说明'}</Text>
        </View>
      ) : null}
      <Card title={a.title} extra={s ? <Badge tone={s.tone}>{s.text}</Badge> : null}>
        <ListItem title="类型" extra={<Text>{ACTIVITY_TYPE_LABELS[a.type]}</Text>} arrow={false} />
        <ListItem title="时间" description={formatRange(a.startAt, a.endAt)} arrow={false} />
        <ListItem title="地点" description={a.site ? a.site.name : '未指定'} arrow={false} />
        <ListItem
          title="签到时间"
          description={`${formatDateTime(a.checkin.opensAt)} 至 ${formatDateTime(a.checkin.closesAt)}`}
          arrow={false}
        />
        <ListItem title="签到方式" description={PROOF_HINTS[a.checkin.proof]} arrow={false} />
        <ListItem title="审核" description={APPROVAL_LABELS[a.checkin.approval]} arrow={false} />
        {a.checkin.requireLocation ? (
          <ListItem title="定位" description="签到需要开启定位" arrow={false} />
        ) : null}
        {a.description ? <Text className="activity__desc">{a.description}</Text> : null}
      </Card>
      <View className="activity__actions">
        {a.status !== 'cancelled' && a.startAt > Date.now() ? <RemindMe /> : null}
        {a.status !== 'cancelled' && my === 'open' ? (
          <Button block onClick={() => go(ROUTES.checkin)}>
            去签到
          </Button>
        ) : null}
        {a.status !== 'cancelled' ? (
          <Button block type="secondary" onClick={() => go(`${ROUTES.request}?activityId=${a.id}`)}>
            请假 / 补签 / 我的出勤
          </Button>
        ) : null}
      </View>
    </View>
  );
}
