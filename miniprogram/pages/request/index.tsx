import { useCallback, useEffect, useState } from 'react';
import { View, Text } from '@tarojs/components';
import { useDidShow, useRouter } from '@tarojs/taro';
import type { TActivity } from '@contract/activity';
import type { TMyRecord } from '@contract/checkin';
import { Badge, Card, StateView } from '@/components';
import RequestPanel from '@/components/RequestPanel';
import { callApi, errorText } from '@/services/api';
import {
  ACTIVITY_TYPE_LABELS,
  CHECKIN_METHOD_LABELS,
  CHECKIN_STATUS_BADGES,
  FLAG_LABELS,
} from '@/utils/labels';
import { formatDateTime, formatRange } from '@/utils/time';
import './index.scss';

type Load<T> = { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; data: T };

/**
 * A member's attendance for one activity (`?activityId=`): the check-in record with its review
 * status and the secretary's reason, and leave / make-up requests (RequestPanel).
 */
export default function RequestPage() {
  const { activityId = '' } = useRouter().params;
  const [activity, setActivity] = useState<Load<TActivity>>({ state: 'loading' });
  const [record, setRecord] = useState<Load<TMyRecord | null>>({ state: 'loading' });

  const load = useCallback(() => {
    if (!activityId) return;
    setActivity({ state: 'loading' });
    setRecord({ state: 'loading' });
    callApi('activity', 'get', { activityId })
      .then((a) => {
        setActivity({ state: 'ready', data: a });
        return callApi('checkin', 'myRecords', {
          from: a.startAt - 7 * 86400_000,
          to: a.startAt + 30 * 86400_000,
        });
      })
      .then((rs) => setRecord({ state: 'ready', data: rs.find((r) => r.activityId === activityId) ?? null }))
      .catch((e: unknown) => {
        const message = errorText(e);
        setActivity((s) => (s.state === 'ready' ? s : { state: 'error', message }));
        setRecord({ state: 'error', message });
      });
  }, [activityId]);
  useEffect(load, [load]);
  useDidShow(() => {
    if (activity.state === 'ready') load();
  });

  if (!activityId) {
    return (
      <View className="page">
        <StateView state="empty" text="没有指定活动" />
      </View>
    );
  }
  if (activity.state !== 'ready') {
    return (
      <View className="page">
        {activity.state === 'loading' ? (
          <StateView state="loading" />
        ) : (
          <StateView state="error" text={activity.message} onRetry={load} />
        )}
      </View>
    );
  }
  const a = activity.data;
  return (
    <View className="page my-attendance">
      <Card>
        <Text className="my-attendance__title">{a.title}</Text>
        <Text className="muted my-attendance__meta">
          {ACTIVITY_TYPE_LABELS[a.type]} · {formatRange(a.startAt, a.endAt)}
        </Text>
        {a.site ? <Text className="muted my-attendance__meta">{a.site.name}</Text> : null}
      </Card>
      <Card title="我的签到">
        {record.state === 'loading' ? <StateView state="loading" /> : null}
        {record.state === 'error' ? <StateView state="error" text={record.message} onRetry={load} /> : null}
        {record.state === 'ready' && !record.data ? <Text className="muted">还没有签到记录</Text> : null}
        {record.state === 'ready' && record.data ? <RecordView r={record.data} /> : null}
      </Card>
      {record.state === 'ready' &&
      record.data &&
      (record.data.status === 'approved' || record.data.status === 'pending') ? null : (
        <RequestPanel activityId={a.id} startAt={a.startAt} />
      )}
    </View>
  );
}

function RecordView({ r }: { r: TMyRecord }) {
  const s = CHECKIN_STATUS_BADGES[r.status];
  return (
    <View className="my-attendance__record">
      <View className="my-attendance__row">
        <Text>
          {CHECKIN_METHOD_LABELS[r.method]} · {formatDateTime(r.at)}
        </Text>
        <Badge tone={s.tone}>{s.text}</Badge>
      </View>
      {r.flags.length > 0 ? (
        <Text className="muted my-attendance__line">
          {r.status === 'pending' ? '需人工审核' : '风险提示'}：
          {r.flags.map((f) => FLAG_LABELS[f]).join('、')}
        </Text>
      ) : null}
      {r.reviewReason ? (
        <Text className="my-attendance__line my-attendance__reason">书记意见：{r.reviewReason}</Text>
      ) : null}
    </View>
  );
}
