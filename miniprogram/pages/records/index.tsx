import { useCallback, useState } from 'react';
import { Text, View } from '@tarojs/components';
import { useDidShow } from '@tarojs/taro';
import type { TMyRecordsOutput } from '@contract/checkin';
import { Badge, Card, ListItem, StateView } from '@/components';
import { callApi, errorText, isApiError } from '@/services/api';
import { ACTIVITY_TYPE_LABELS, CHECKIN_METHOD_LABELS, CHECKIN_STATUS_BADGES } from '@/utils/labels';
import { go, ROUTES } from '@/utils/nav';
import { formatDateTime } from '@/utils/time';
import { queuedScans } from '../checkin/queue';
import { flagsText } from '../checkin/texts';
import './index.scss';

type Load<T> =
  | { state: 'loading' }
  | { state: 'error'; message: string; notBound?: boolean }
  | { state: 'ready'; data: T };

/** My check-ins, newest first, with status, how, flags and duration; queued offline scans on top. */
export default function RecordsPage() {
  const [load, setLoad] = useState<Load<TMyRecordsOutput>>({ state: 'loading' });
  const [queued, setQueued] = useState(0);

  const fetchIt = useCallback(() => {
    setQueued(queuedScans().length);
    setLoad({ state: 'loading' });
    callApi('checkin', 'myRecords', {})
      .then((data) => setLoad({ state: 'ready', data }))
      .catch((e: unknown) =>
        setLoad({
          state: 'error',
          message: errorText(e),
          notBound: isApiError(e) && e.code === 'NOT_BOUND',
        }),
      );
  }, []);
  useDidShow(fetchIt);

  return (
    <View className="page records">
      {queued > 0 ? (
        <Card>
          <Text className="records__queued">已记录，待上传：{queued} 条（恢复网络后打开签到页自动上传）</Text>
        </Card>
      ) : null}
      <Card>
        {load.state === 'loading' ? <StateView state="loading" text="正在加载签到记录…" /> : null}
        {load.state === 'error' ? (
          // Not bound yet: retrying cannot help, binding does.
          load.notBound ? (
            <StateView state="error" text={load.message} retryText="去绑定" onRetry={() => go(ROUTES.bind)} />
          ) : (
            <StateView state="error" text={load.message} onRetry={fetchIt} />
          )
        ) : null}
        {load.state === 'ready' && load.data.length === 0 ? (
          <StateView
            state="empty"
            text="还没有签到记录"
            actionText="去签到"
            onAction={() => go(ROUTES.checkin)}
          />
        ) : null}
        {load.state === 'ready'
          ? load.data.map((r) => {
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
          : null}
      </Card>
    </View>
  );
}
