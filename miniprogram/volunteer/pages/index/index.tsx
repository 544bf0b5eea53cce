import { Text, View } from '@tarojs/components';
import type { TListTeamsOutput, TMyHoursOutput, TTeamSummary } from '@contract/volunteer';
import { Badge, Button, Card, ListItem, Loaded, StateView } from '@/components';
import { useAction } from '@/hooks/useAction';
import MoreFooter from '@/components/MoreFooter';
import { useLoad } from '@/hooks/useLoad';
import { useMore, type MoreState } from '@/hooks/useMore';
import { callApi } from '@/services/api';
import { go, ROUTES } from '@/utils/nav';
import { hoursText } from '../../lib';
import './index.scss';

interface HubData {
  /** my teams, the teams above them and the ones I lead (with their sub-teams) */
  mine: TTeamSummary[];
  /** the directory, a page at a time (加载更多) */
  dir: TListTeamsOutput;
  hours: TMyHoursOutput;
}

/**
 * 先锋领航 home: my hours this year, the teams (join / my status), what I can do as a member, and —
 * for each team I lead — the queue, new event, statistics.
 */
export default function VolunteerHome() {
  const hub = useLoad<HubData>(
    async () => {
      const [mine, dir, hours] = await Promise.all([
        callApi('volunteer', 'listTeams', { scope: 'mine' }),
        callApi('volunteer', 'listTeams', {}),
        callApi('volunteer', 'myHours', {}),
      ]);
      return { mine: mine.items, dir, hours };
    },
    [],
    { when: 'show' },
  );
  const { more, loadMore } = useMore(hub, async (cur) => {
    if (!cur.dir.nextCursor) return (x) => x;
    const page = await callApi('volunteer', 'listTeams', { cursor: cur.dir.nextCursor });
    return (x) => ({
      ...x,
      dir: {
        items: [...x.dir.items, ...page.items.filter((t) => !x.dir.items.some((y) => y.id === t.id))],
        nextCursor: page.nextCursor,
      },
    });
  });
  return (
    <Loaded load={hub.load} onRetry={() => void hub.reload()} loadingText="正在加载志愿服务…">
      {(d) => (
        <Hub
          {...d}
          more={more}
          onMore={() => void loadMore()}
          onJoined={(teamId, status) =>
            hub.update((h) => ({
              ...h,
              dir: {
                ...h.dir,
                items: h.dir.items.map((t) => (t.id === teamId ? { ...t, myStatus: status } : t)),
              },
            }))
          }
        />
      )}
    </Loaded>
  );
}

function Hub({
  mine,
  dir,
  hours,
  more,
  onMore,
  onJoined,
}: HubData & {
  more: MoreState;
  onMore: () => void;
  onJoined: (teamId: string, status: 'pending' | 'active') => void;
}) {
  const { running: joining, msg: note, run } = useAction();
  const led = mine.filter((t) => t.isLeader);
  const teams = dir.items;

  const join = (teamId: string) =>
    run(
      async () => {
        const r = await callApi('volunteer', 'join', { teamId });
        onJoined(teamId, r.status);
        return r;
      },
      { key: teamId, ok: (r) => (r.status === 'active' ? '你已是该队队员' : '已提交入队申请，等待队长审核') },
    );

  return (
    <View className="page vhome">
      <Card title="我的志愿时长">
        <View className="vhome__totals">
          <View className="vhome__total">
            <Text className="vhome__num">{hours.thisYear.total}</Text>
            <Text className="muted">今年（小时）</Text>
          </View>
          <View className="vhome__total">
            <Text className="vhome__num">{hours.totals.total}</Text>
            <Text className="muted">累计（小时）</Text>
          </View>
        </View>
        <ListItem
          title="志愿活动与报名"
          description="查看名额、报名或取消"
          onClick={() => go(ROUTES.volunteerEvents)}
        />
        <ListItem
          title="我的时长明细"
          description="签到核验、组织补录、个人申报分开记录"
          onClick={() => go(ROUTES.volunteerHours)}
        />
        <ListItem
          title="申报校外服务"
          description="填写服务内容并上传照片，由队长审核"
          onClick={() => go(ROUTES.volunteerReport)}
        />
        <ListItem
          title="志愿服务证明"
          description="生成可验证的证明图片；也可验证他人的证明"
          onClick={() => go(ROUTES.volunteerCertificate)}
        />
      </Card>

      {led.length > 0 ? (
        <Card title="我带领的队伍">
          {led.map((t) => (
            <View key={t.id} className="vhome__led">
              <Text className="vhome__led-name">{t.name}</Text>
              <ListItem
                title="待办：时长确认与入队申请"
                onClick={() => go(`${ROUTES.volunteerQueue}?teamId=${t.id}`)}
              />
              <ListItem
                title="发布志愿活动"
                onClick={() => go(`${ROUTES.volunteerEventEdit}?teamId=${t.id}`)}
              />
              <ListItem title="统计与导出" onClick={() => go(`${ROUTES.volunteerStats}?teamId=${t.id}`)} />
            </View>
          ))}
        </Card>
      ) : null}

      <Card title="志愿服务队">
        {note ? <Text className="vhome__note">{note.text}</Text> : null}
        {teams.length === 0 ? <StateView state="empty" text="还没有志愿服务队" /> : null}
        {teams.map((t) => {
          const parent = t.parentName;
          const desc = [
            parent ? `隶属 ${parent}` : '',
            `${t.memberCount} 名队员`,
            t.leaders.length ? `队长 ${t.leaders.map((l) => l.name).join('、')}` : '',
          ]
            .filter(Boolean)
            .join(' · ');
          return (
            <ListItem
              key={t.id}
              title={t.name}
              description={desc}
              arrow={false}
              extra={
                t.myStatus === 'active' ? (
                  <Badge tone="success">{t.isLeader ? '队长' : '队员'}</Badge>
                ) : t.myStatus === 'pending' ? (
                  <Badge tone="warning">待审核</Badge>
                ) : (
                  <Button
                    size="small"
                    type="secondary"
                    loading={joining === t.id}
                    onClick={() => void join(t.id)}
                  >
                    申请加入
                  </Button>
                )
              }
            />
          );
        })}
        <MoreFooter
          more={more}
          hasMore={!!dir.nextCursor}
          shown={teams.length}
          onMore={onMore}
          label="加载更多队伍"
          endText={`已显示全部 ${teams.length} 支队伍`}
        />
      </Card>
      <Text className="muted vhome__foot">
        时长按队伍规则由签到签退记录计算：{hoursText(0.5)}为一档，停留不足活动时长一半不计。
      </Text>
    </View>
  );
}
