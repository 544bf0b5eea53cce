import { Text, View } from '@tarojs/components';
import type { MyActivityStatus, TListMineOutput } from '@contract/activity';
import { Badge, Button, Card, ListItem, Loaded } from '@/components';
import { useLoad } from '@/hooks/useLoad';
import { callApi } from '@/services/api';
import {
  ACTIVITY_TYPE_LABELS,
  CHECKIN_METHOD_LABELS,
  CHECKIN_STATUS_BADGES,
  MY_STATUS_BADGES,
} from '@/utils/labels';
import { go, ROUTES } from '@/utils/nav';
import { formatDateTime } from '@/utils/time';
import { queuedScans } from '../checkin/queue';
import { flagsText } from '../checkin/texts';
import './index.scss';

/**
 * My attendance: first the meetings I missed or asked leave for (90 days back), each with what it
 * needs — 申请补签 with its deadline while the make-up window is open; then my check-ins, newest
 * first, with status, how, flags and duration; queued offline scans on top.
 */
export default function RecordsPage() {
  const records = useLoad(() => callApi('checkin', 'myRecords', {}), [], { when: 'show' });
  const missed = useLoad(
    async () => {
      const now = Date.now();
      const list = await callApi('activity', 'listMine', { from: now - MISSED_LOOKBACK_MS, to: now });
      return list
        .filter((a) => MISSED.includes(a.myStatus) && a.startAt <= now)
        .sort((x, y) => y.startAt - x.startAt);
    },
    [],
    { when: 'show' },
  );
  const queued = queuedScans().length;

  return (
    <View className="page records">
      {queued > 0 ? (
        <Card>
          <Text className="records__queued">已记录，待上传：{queued} 条（恢复网络后打开签到页自动上传）</Text>
        </Card>
      ) : null}
      {/* Not bound yet: the records below say so once, with 去绑定. */}
      {missed.load.state === 'error' && missed.load.code === 'NOT_BOUND' ? null : (
        <Card title="缺席与请假" className="records__missed">
          <Loaded
            load={missed.load}
            onRetry={() => void missed.reload()}
            loadingText="正在加载缺席记录…"
            emptyText="近 90 天没有缺席"
          >
            {(list) => list.map((a) => <MissedItem key={a.id} a={a} />)}
          </Loaded>
        </Card>
      )}
      <Text className="section-title">签到记录</Text>
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

/** Past meetings the member did not attend, or asked leave / make-up for: what each needs. */
const MISSED: MyActivityStatus[] = ['absent', 'rejected', 'makeup_pending', 'leave_pending', 'on_leave'];
const MISSED_LOOKBACK_MS = 90 * 86400_000;

function MissedItem({ a }: { a: TListMineOutput[number] }) {
  const s = MY_STATUS_BADGES[a.myStatus];
  const now = Date.now();
  const canMakeup =
    (a.myStatus === 'absent' || a.myStatus === 'rejected') &&
    a.makeupUntil !== undefined &&
    now > a.checkin.closesAt &&
    now <= a.makeupUntil;
  const open = () => go(`${ROUTES.request}?activityId=${a.id}`);
  return (
    <View className="records__missed-item">
      <ListItem
        title={a.title}
        description={`${ACTIVITY_TYPE_LABELS[a.type]} · ${formatDateTime(a.startAt)}`}
        extra={<Badge tone={s.tone}>{s.text}</Badge>}
        onClick={open}
      />
      {canMakeup ? (
        <View className="records__makeup">
          <Text className="records__deadline">补签截止 {formatDateTime(a.makeupUntil!)}</Text>
          <Button size="small" onClick={open}>
            申请补签
          </Button>
        </View>
      ) : a.myStatus === 'absent' || a.myStatus === 'rejected' ? (
        <Text className="muted records__deadline records__closed">补签已截止</Text>
      ) : null}
    </View>
  );
}
