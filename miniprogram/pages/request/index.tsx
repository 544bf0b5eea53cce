import { View, Text } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import type { TMyRecord } from '@contract/checkin';
import { Badge, Card, Loaded, MissingParam } from '@/components';
import { useLoad } from '@/hooks/useLoad';
import RequestPanel from '@/components/RequestPanel';
import { callApi } from '@/services/api';
import {
  ACTIVITY_TYPE_LABELS,
  CHECKIN_METHOD_LABELS,
  CHECKIN_STATUS_BADGES,
  FLAG_LABELS,
} from '@/utils/labels';
import { formatDateTime, formatRange } from '@/utils/time';
import './index.scss';

/**
 * A member's attendance for one activity (`?activityId=`): the check-in record with its review
 * status and the secretary's reason, and leave / make-up requests (RequestPanel).
 */
export default function RequestPage() {
  const { activityId = '' } = useRouter().params;
  const page = useLoad(
    async () => {
      const a = await callApi('activity', 'get', { activityId });
      const rs = await callApi('checkin', 'myRecords', {
        from: a.startAt - 7 * 86400_000,
        to: a.startAt + 30 * 86400_000,
      });
      return { a, record: rs.find((r) => r.activityId === activityId) ?? null };
    },
    [activityId],
    { enabled: Boolean(activityId), when: 'show' },
  );

  if (!activityId) return <MissingParam />;
  return (
    <View className="page my-attendance">
      <Loaded load={page.load} onRetry={() => void page.reload()}>
        {({ a, record }) => (
          <>
            <Card>
              <Text className="my-attendance__title">{a.title}</Text>
              <Text className="muted my-attendance__meta">
                {ACTIVITY_TYPE_LABELS[a.type]} · {formatRange(a.startAt, a.endAt)}
              </Text>
              {a.site ? <Text className="muted my-attendance__meta">{a.site.name}</Text> : null}
            </Card>
            <Card title="我的签到">
              {record ? <RecordView r={record} /> : <Text className="muted">还没有签到记录</Text>}
            </Card>
            {record && (record.status === 'approved' || record.status === 'pending') ? null : (
              <RequestPanel activityId={a.id} startAt={a.startAt} />
            )}
          </>
        )}
      </Loaded>
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
