import { Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import type { TEvent } from '@contract/volunteer';
import { Badge, Button, Card, ListItem, Loaded } from '@/components';
import { useAction } from '@/hooks/useAction';
import { useLoad } from '@/hooks/useLoad';
import { callApi } from '@/services/api';
import { go, ROUTES } from '@/utils/nav';
import { formatDateTime, formatRange } from '@/utils/time';
import { endedLine, eventPhase } from '../../event-state';
import './index.scss';

/**
 * Events of my teams (or of one team): time, place, seats left, the deadline; sign up or cancel.
 * A leader sees the live check-in code and the sign-up list of their team's events.
 */
export default function EventsPage() {
  const { teamId } = useRouter().params;
  const events = useLoad<TEvent[]>(
    () => callApi('volunteer', 'listEvents', teamId ? { teamId } : {}),
    [teamId],
    { when: 'show' },
  );
  const { running: busy, msg: result, run } = useAction();

  /** One event's sign-up as the answer says it is now. */
  const mark = (activityId: string, next: (e: TEvent) => Pick<TEvent, 'mySignup' | 'signedUp'>) =>
    events.update((list) => list.map((x) => (x.activityId === activityId ? { ...x, ...next(x) } : x)));

  /** Signs up or cancels; the outcome is said on that event's card. */
  const act = (e: TEvent, cancel: boolean) =>
    run(
      async () => {
        if (cancel) {
          await callApi('volunteer', 'cancelSignUp', { activityId: e.activityId });
          mark(e.activityId, (x) => ({ mySignup: 'cancelled', signedUp: x.signedUp - 1 }));
        } else {
          const r = await callApi('volunteer', 'signUp', { activityId: e.activityId });
          mark(e.activityId, () => ({ mySignup: 'signed_up', signedUp: r.signedUp }));
        }
      },
      { key: e.activityId, ok: cancel ? '已取消报名，名额已释放' : '报名成功！活动开始前会提醒你' },
    );

  const now = Date.now();
  return (
    <View className="page vevents">
      <Loaded
        load={events.load}
        onRetry={() => void events.reload()}
        loadingText="正在加载志愿活动…"
        emptyText="近期没有志愿活动（先加入一支志愿服务队）"
        emptyAction={{ text: '看看服务队', onClick: () => go(ROUTES.volunteer) }}
      >
        {(list) =>
          list.map((e) => {
            const left = Math.max(0, e.capacity - e.signedUp);
            const phase = eventPhase(e, now);
            const closed = phase !== 'signup';
            const mine = e.mySignup === 'signed_up';
            const over = phase === 'ended' && mine ? endedLine(e) : null;
            return (
              <Card
                key={e.activityId}
                title={e.title}
                extra={
                  e.status === 'cancelled' ? (
                    <Badge tone="danger">已取消</Badge>
                  ) : phase === 'ended' ? (
                    <Badge>已结束</Badge>
                  ) : mine ? (
                    <Badge tone="success">已报名</Badge>
                  ) : left === 0 ? (
                    <Badge>已满</Badge>
                  ) : null
                }
              >
                <Text className="vevents__line">{formatRange(e.startAt, e.endAt)}</Text>
                <Text className="vevents__line muted">
                  {e.teamName}
                  {e.siteName ? ` · ${e.siteName}` : ''}
                </Text>
                <Text className="vevents__seats">
                  剩余名额 <Text className="vevents__left">{left}</Text> / {e.capacity}
                </Text>
                <Text className="vevents__line muted">报名截止 {formatDateTime(e.signupClosesAt)}</Text>
                {result?.key === e.activityId ? (
                  <Text
                    className={`vevents__result ${result.ok ? 'vevents__result--ok' : 'vevents__result--bad'}`}
                  >
                    {result.text}
                  </Text>
                ) : null}
                {!closed ? (
                  mine ? (
                    <Button
                      type="secondary"
                      block
                      loading={busy === e.activityId}
                      onClick={() => void act(e, true)}
                    >
                      取消报名
                    </Button>
                  ) : (
                    <Button
                      block
                      disabled={left === 0}
                      loading={busy === e.activityId}
                      onClick={() => void act(e, false)}
                    >
                      {left === 0 ? '名额已满' : '报名'}
                    </Button>
                  )
                ) : null}
                {mine && (phase === 'waiting' || phase === 'ongoing') ? (
                  <ListItem title="去签到 / 签退" onClick={() => go(ROUTES.checkin)} />
                ) : null}
                {over ? (
                  <View className="vevents__over">
                    <Text className={`vevents__over-text vevents__over-text--${over.tone}`}>{over.text}</Text>
                    <ListItem title="查看我的时长" onClick={() => go(ROUTES.volunteerHours)} />
                  </View>
                ) : null}
                {e.isLeader && e.status !== 'cancelled' ? (
                  <View>
                    <ListItem
                      title="展示签到码"
                      onClick={() => go(`${ROUTES.secretaryDisplay}?id=${e.activityId}`)}
                    />
                    <ListItem
                      title="报名与签到名单 / 时长确认"
                      onClick={() =>
                        go(`${ROUTES.volunteerQueue}?teamId=${e.teamId}&activityId=${e.activityId}`)
                      }
                    />
                  </View>
                ) : null}
              </Card>
            );
          })
        }
      </Loaded>
    </View>
  );
}
