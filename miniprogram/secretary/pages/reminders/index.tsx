import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import type { TReminderMember } from '@contract/reminder';
import { Badge, Button, Card, ListItem, Loaded, StateView } from '@/components';
import { useAction } from '@/hooks/useAction';
import { useLoad } from '@/hooks/useLoad';
import { useSession } from '@/hooks/useSession';
import { callApi, isApiError } from '@/services/api';
import { go, ROUTES } from '@/utils/nav';
import { formatDateTime, formatRange } from '@/utils/time';
import './index.scss';

const DAY = 24 * 3600 * 1000;

/**
 * 会议提醒 (secretary): without `?activityId=` the branch's upcoming meetings; with it, who will get
 * the WeChat reminder, who cannot (no subscription — call them: the phone is shown to the branch
 * secretary), and 催一下 for those not checked in yet (once per 30 minutes per meeting).
 */
export default function RemindersPage() {
  const { activityId = '' } = useRouter().params;
  return (
    <View className="page reminders">{activityId ? <Audience activityId={activityId} /> : <Meetings />}</View>
  );
}

function Meetings() {
  // Opened straight from a link (or a reload) the session is not loaded yet: it is loaded first.
  const session = useSession();
  const branchId = session.member?.branchId ?? null;
  const meetings = useLoad(
    async () => {
      const now = Date.now();
      const list = await callApi('activity', 'listBranch', {
        branchId: branchId ?? '',
        from: now - DAY,
        to: now + 14 * DAY,
      });
      return list
        .filter((a) => a.status !== 'cancelled' && a.endAt > now)
        .sort((x, y) => x.startAt - y.startAt);
    },
    [branchId],
    // back from a meeting: fresh counts
    { enabled: Boolean(branchId), when: 'show' },
  );

  return (
    <Card title="近期会议">
      {session.gate ??
        (!branchId ? (
          <StateView state="error" text="未找到你所在的支部" />
        ) : (
          <Loaded load={meetings.load} onRetry={() => void meetings.reload()} emptyText="近两周没有会议">
            {(list) =>
              list.map((a) => (
                <ListItem
                  key={a.id}
                  title={a.title}
                  description={formatRange(a.startAt, a.endAt)}
                  onClick={() => go(`${ROUTES.secretaryReminders}?activityId=${a.id}`)}
                />
              ))
            }
          </Loaded>
        ))}
    </Card>
  );
}

function Person({ m }: { m: TReminderMember }) {
  const callable = !!m.phone && !m.phone.includes('*');
  return (
    <ListItem
      title={m.name}
      description={m.phone ?? '未登记电话'}
      arrow={false}
      extra={
        callable ? (
          <Button
            size="small"
            type="secondary"
            onClick={() => void Taro.makePhoneCall({ phoneNumber: m.phone! })}
          >
            打电话
          </Button>
        ) : null
      }
    />
  );
}

function Audience({ activityId }: { activityId: string }) {
  const audience = useLoad(() => callApi('reminder', 'audience', { activityId }), [activityId], {
    when: 'show',
  });
  const { busy, msg: note, run } = useAction();

  const nudge = () =>
    void run(() => callApi('reminder', 'nudge', { activityId }), {
      ok: (r) =>
        `已向 ${r.sent} 人发送签到提醒${r.unreachable > 0 ? `；${r.unreachable} 人未订阅，请电话通知` : ''}`,
      fail: (e) => {
        const retryAt = isApiError(e) ? (e.details?.retryAt as number | undefined) : undefined;
        return retryAt ? `每场会议 30 分钟内只能催一次，${formatDateTime(retryAt)} 后可再催` : undefined;
      },
    });

  if (!audience.data)
    return (
      <Loaded load={audience.load} onRetry={() => void audience.reload()} loadingText="正在统计…">
        {() => null}
      </Loaded>
    );
  const { reachable, unreachable, reminded = [] } = audience.data;
  return (
    <>
      <Card
        title="提醒覆盖"
        extra={
          <Badge
            tone={unreachable.length > 0 ? 'warning' : 'success'}
          >{`${reachable.length} / ${reachable.length + unreachable.length}`}</Badge>
        }
      >
        <Text className="reminders__summary">
          {reachable.length} 人会收到微信提醒（会前一天、会前一小时），{unreachable.length} 人未订阅提醒
          {reminded.length > 0 ? `，${reminded.length} 人已收到提醒` : ''}。
        </Text>
        <Button block loading={busy} onClick={nudge}>
          催一下（提醒未签到的人）
        </Button>
        {note ? (
          <View className={`reminders__note reminders__note--${note.ok ? 'ok' : 'warn'}`} role="status">
            <Text>{note.text}</Text>
          </View>
        ) : null}
      </Card>
      <Card title={`未订阅提醒（${unreachable.length}）`}>
        {unreachable.length === 0 ? <StateView state="empty" text="所有应到人员都能收到提醒" /> : null}
        {unreachable.map((m) => (
          <Person key={m.memberId} m={m} />
        ))}
      </Card>
      {reminded.length > 0 ? (
        <Card title={`已收到提醒（${reminded.length}）`}>
          {reminded.map((m) => (
            <ListItem key={m.memberId} title={m.name} arrow={false} />
          ))}
        </Card>
      ) : null}
      <Card title={`会收到提醒（${reachable.length}）`}>
        {reachable.length === 0 ? <StateView state="empty" text="还没有人订阅提醒" /> : null}
        {reachable.map((m) => (
          <ListItem key={m.memberId} title={m.name} arrow={false} />
        ))}
      </Card>
    </>
  );
}
