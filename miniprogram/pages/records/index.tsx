import { Text, View } from '@tarojs/components';
import { Badge, Card, ListItem, Loaded } from '@/components';
import { useLoad } from '@/hooks/useLoad';
import { callApi } from '@/services/api';
import { ACTIVITY_TYPE_LABELS, CHECKIN_METHOD_LABELS, CHECKIN_STATUS_BADGES } from '@/utils/labels';
import { go, ROUTES } from '@/utils/nav';
import { formatDateTime } from '@/utils/time';
import { queuedScans } from '../checkin/queue';
import { flagsText } from '../checkin/texts';
import './index.scss';

/** My check-ins, newest first, with status, how, flags and duration; queued offline scans on top. */
export default function RecordsPage() {
  const records = useLoad(() => callApi('checkin', 'myRecords', {}), [], { when: 'show' });
  const queued = queuedScans().length;

  return (
    <View className="page records">
      {queued > 0 ? (
        <Card>
          <Text className="records__queued">已记录，待上传：{queued} 条（恢复网络后打开签到页自动上传）</Text>
        </Card>
      ) : null}
      <Card>
        <Loaded
          load={records.load}
          onRetry={() => void records.reload()}
          loadingText="正在加载签到记录…"
          emptyText="还没有签到记录"
          emptyAction={{ text: '去签到', onClick: () => go(ROUTES.checkin) }}
        >
          {(list) =>
            list.map((r) => {
              const s = CHECKIN_STATUS_BADGES[r.status];
              const parts = [
                ACTIVITY_TYPE_LABELS[r.activityType],
                `${formatDateTime(r.at)} ${CHECKIN_METHOD_LABELS[r.method]}`,
              ];
              if (r.durationMin !== undefined)
                parts.push(`时长 ${r.durationMin} 分钟${r.durationVerified === false ? '（未核实）' : ''}`);
              if (r.flags.length > 0) parts.push(`提示：${flagsText(r.flags)}`);
              if (r.reviewReason) parts.push(`书记说明：${r.reviewReason}`);
              return (
                <ListItem
                  key={r.checkinId}
                  title={r.activityTitle}
                  description={parts.join(' · ')}
                  extra={<Badge tone={s.tone}>{s.text}</Badge>}
                  onClick={() => go(`${ROUTES.activity}?id=${r.activityId}`)}
                />
              );
            })
          }
        </Loaded>
      </Card>
    </View>
  );
}
