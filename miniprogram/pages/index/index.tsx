import { View, Text } from '@tarojs/components';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { Badge, Button, Card, ListItem, Loaded, RemindMe } from '@/components';
import { useLoad } from '@/hooks/useLoad';
import { useSession } from '@/hooks/useSession';
import { useStaffCounts, type StaffCounts } from '@/hooks/useStaffCounts';
import type { TListMineOutput } from '@contract/activity';
import { callApi } from '@/services/api';
import { ACTIVITY_TYPE_LABELS, MEMBER_STATUS_BADGES, MY_STATUS_BADGES, ROLE_LABELS } from '@/utils/labels';
import { formatDateTime, formatRange } from '@/utils/time';
import { go, ROUTES } from '@/utils/nav';
import './index.scss';

const DAY_MS = 24 * 3600 * 1000;
const WEEK_MS = 7 * DAY_MS;
const isMissed = (a: TListMineOutput[number]) => a.myStatus === 'absent' && a.endAt < Date.now();

/** Home: who I am, and my branch's upcoming activities with my status for each. */
export default function HomePage() {
  const session = useSession({ refresh: 'always' });
  const { member, branchName, roles, loading, refresh, binding } = session;
  const staff = member?.status === 'active' && (session.isSecretary || session.isAdmin);
  const counts = useStaffCounts(member?.branchId ?? null, member?.status === 'active' && session.isSecretary);

  usePullDownRefresh(() => {
    void refresh().finally(() => Taro.stopPullDownRefresh());
  });

  if (session.noIdentity) {
    return (
      <View className="page home">
        <Card title="欢迎使用一线支部">
          <Text className="muted">本地演示环境：请先选择一个演示身份。</Text>
          <View className="home__actions">
            <Button block onClick={() => go(ROUTES.login)}>
              以演示身份进入
            </Button>
          </View>
        </Card>
      </View>
    );
  }

  if (session.gate) return <View className="page home">{session.gate}</View>;

  if (!member || member.status === 'unbound' || member.status === 'left') {
    return (
      <View className="page home">
        {binding?.status === 'rejected' ? (
          <Card title="绑定申请未通过" extra={<Badge tone="danger">未通过</Badge>}>
            <Text className="home__reject-reason">原因：{binding.reason ?? '未说明'}</Text>
            {binding.decidedAt ? (
              <Text className="muted home__reject-when">
                {formatDateTime(binding.decidedAt)} 由支部书记审核
              </Text>
            ) : null}
            <Text className="muted">请核对姓名和工号/学号后重新提交，或联系支部书记。</Text>
            <View className="home__actions">
              <Button block onClick={() => go(ROUTES.bind)}>
                重新提交
              </Button>
            </View>
          </Card>
        ) : (
          <Card title="绑定党员身份">
            <Text className="muted">
              你的微信还没有绑定支部花名册中的党员身份。绑定并经支部书记审核后即可参加签到。
            </Text>
            <View className="home__actions">
              <Button block onClick={() => go(ROUTES.bind)}>
                去绑定
              </Button>
            </View>
          </Card>
        )}
        {roles.includes('admin') ? (
          <Card title="管理员">
            <ListItem title="支部管理（全校）" onClick={() => go(ROUTES.adminBranches)} />
          </Card>
        ) : null}
      </View>
    );
  }

  const status = MEMBER_STATUS_BADGES[member.status];
  return (
    <View className="page home">
      <Card className="home__hello">
        <View className="home__hello-row">
          <Text className="home__name">{member.name}，你好</Text>
          <Badge tone={status.tone}>{status.text}</Badge>
        </View>
        <Text className="home__branch">{branchName ?? '所在支部'}</Text>
        <View className="home__roles">
          {roles.map((r) => (
            <Badge key={r} tone={r === 'member' ? 'default' : 'primary'}>
              {ROLE_LABELS[r]}
            </Badge>
          ))}
          {/* in the row the badges already hold: appearing and going, it moves nothing under a finger */}
          {loading ? <Text className="home__refreshing">正在刷新…</Text> : null}
        </View>
      </Card>

      {staff ? <StaffDesk counts={counts} isSecretary={session.isSecretary} /> : null}
      {member.status === 'pending' ? (
        <Card title="绑定审核中">
          <Text className="muted">你的绑定申请已提交，等待支部书记审核。审核通过后即可参加签到。</Text>
        </Card>
      ) : (
        <UpcomingActivities remind={member.status === 'active'} />
      )}
      {member.status === 'active' ? (
        <Card title="聚力攻坚 · 设岗定责">
          <ListItem
            title="行动项目"
            description="支部攻坚项目与任务清单，认领岗位"
            onClick={() => go(ROUTES.projectList)}
          />
          <ListItem
            title="我的任务"
            description="我认领的岗位、截止时间与待办"
            onClick={() => go(ROUTES.projectMine)}
          />
        </Card>
      ) : null}
    </View>
  );
}

/** 书记工作台: what waits for the secretary, with counts, then the daily tools. */
function StaffDesk({ counts, isSecretary }: { counts: StaffCounts | null; isSecretary: boolean }) {
  const count = (n: number | undefined) =>
    n === undefined ? null : (
      <Badge tone={n > 0 ? 'danger' : 'default'}>{n > 0 ? `${n} 待办` : '无待办'}</Badge>
    );
  return (
    <Card title="书记工作台">
      {isSecretary ? (
        <>
          <ListItem
            title="审核出勤"
            description="签到、请假、补签"
            extra={count(counts?.queue)}
            onClick={() => go(ROUTES.attendanceQueue)}
          />
          <ListItem
            title="审核绑定"
            description="新成员的绑定申请"
            extra={count(counts?.bindings)}
            onClick={() => go(ROUTES.secretaryBindings)}
          />
        </>
      ) : null}
      <ListItem
        title="活动与签到"
        description="发起活动、出示动态签到码、查看签到人数"
        onClick={() => go(ROUTES.secretaryActivities)}
      />
      <ListItem
        title="一线阵地"
        description="活动地点、电子围栏与可打印的阵地码"
        onClick={() => go(ROUTES.secretarySites)}
      />
      <ListItem
        title="会议提醒"
        description="谁能收到提醒、谁需电话通知、催一下"
        onClick={() => go(ROUTES.secretaryReminders)}
      />
    </Card>
  );
}

function UpcomingActivities({ remind }: { remind: boolean }) {
  const list = useLoad(async () => {
    const now = Date.now();
    const data = await callApi('activity', 'listMine', { from: now - WEEK_MS, to: now + 4 * WEEK_MS });
    // The last day, plus older meetings I missed while their 补签 is still open.
    return data
      .filter(
        (a) =>
          a.endAt >= now - DAY_MS || (isMissed(a) && a.makeupUntil !== undefined && now <= a.makeupUntil),
      )
      .sort((a, b) => a.startAt - b.startAt);
  }, []);
  const open = list.data?.find((a) => a.myStatus === 'open');
  const missed = list.data?.filter(isMissed).length ?? 0;
  return (
    <>
      <Card className="home__checkin">
        {open ? <Text className="home__checkin-now">正在签到：{open.title}</Text> : null}
        <Button block onClick={() => go(ROUTES.checkin)}>
          扫码签到
        </Button>
        <Button block type="plain" onClick={() => go(ROUTES.records)}>
          {missed > 0 ? `我的出勤（${missed} 次缺席可补签）` : '我的出勤与补签'}
        </Button>
        <Button block type="plain" onClick={() => go(ROUTES.volunteer)}>
          先锋领航 · 志愿服务
        </Button>
      </Card>
      <Text className="section-title">近期活动</Text>
      <Card>
        <Loaded
          load={list.load}
          onRetry={() => void list.reload()}
          loadingText="正在加载活动…"
          emptyText="近期没有安排活动"
        >
          {(activities) =>
            activities.map((a) => {
              const s = MY_STATUS_BADGES[a.myStatus];
              return (
                <ListItem
                  key={a.id}
                  title={a.title}
                  description={`${ACTIVITY_TYPE_LABELS[a.type]} · ${formatRange(a.startAt, a.endAt)}${
                    a.site ? ' · ' + a.site.name : ''
                  }`}
                  extra={<Badge tone={s.tone}>{s.text}</Badge>}
                  onClick={() => go(`${ROUTES.activity}?id=${a.id}`)}
                />
              );
            })
          }
        </Loaded>
      </Card>
      {/*
        During a live meeting the scan wins: the reminder offer waits for a quieter moment. It comes
        after the list: it appears only once its own request answers, and above the list it would push
        the rows down under a finger already on its way to one.
      */}
      {remind && list.data && !open ? <RemindMe variant="banner" /> : null}
    </>
  );
}
