import { Text, View } from '@tarojs/components';
import { Badge, Button, Card, ListItem, Loaded, StateView } from '@/components';
import { useLoad } from '@/hooks/useLoad';
import { useSession } from '@/hooks/useSession';
import { callApi } from '@/services/api';
import { ACTIVITY_TYPE_LABELS } from '@/utils/labels';
import { go, ROUTES } from '@/utils/nav';
import { formatRange } from '@/utils/time';
import { phase } from '../../lib/phase';
import './index.scss';

/** The secretary's activities (secretary subpackage): newest first, with check-in counts. */
export default function SecretaryActivitiesPage() {
  const session = useSession({ only: ['secretary', 'admin'], refusal: '只有支部书记可以管理活动' });
  const { member } = session;
  const branchId = member?.branchId;
  // Fetched as soon as the branch is known, and again when the page comes back (after an edit).
  const activities = useLoad(
    () => callApi('activity', 'listBranch', { branchId: branchId ?? '' }),
    [branchId],
    {
      enabled: Boolean(branchId),
      when: 'show',
    },
  );

  if (session.gate) return <View className="page">{session.gate}</View>;
  if (!member) {
    return (
      <View className="page">
        <StateView state="empty" text="只有支部书记可以管理活动" />
      </View>
    );
  }
  const now = Date.now();
  // The meeting happening now is pinned on top: who has not arrived is what matters.
  const liveNow = (activities.data ?? []).filter(
    (a) => a.status !== 'cancelled' && now >= a.checkin.opensAt && now <= a.endAt,
  );
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
      {liveNow.map((a) => (
        <Card key={a.id} className="sec-activities__live" title={`进行中 · ${a.title}`}>
          <Text className="sec-activities__counts">
            已签到 {a.counts.present}/{a.counts.expected}
            {a.counts.pending ? ` · 待审核 ${a.counts.pending}` : ''}
            {a.counts.leave ? ` · 请假 ${a.counts.leave}` : ''}
          </Text>
          <View className="sec-activities__live-actions">
            <Button size="small" onClick={() => go(`${ROUTES.secretaryRoster}?activityId=${a.id}`)}>
              实时名单
            </Button>
            {a.checkin.proof !== 'site' ? (
              <Button
                size="small"
                type="secondary"
                onClick={() => go(`${ROUTES.secretaryDisplay}?id=${a.id}`)}
              >
                出示签到码
              </Button>
            ) : null}
          </View>
        </Card>
      ))}
      <Card>
        <Loaded
          load={activities.load}
          onRetry={() => void activities.reload()}
          loadingText="正在加载活动…"
          emptyText="还没有活动"
          emptyAction={{ text: '发起活动', onClick: () => go(ROUTES.secretaryActivityEdit) }}
        >
          {(list) =>
            list.map((a) => {
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
          }
        </Loaded>
      </Card>
    </View>
  );
}
