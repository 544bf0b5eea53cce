import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import type { TTeamMembersOutput, TTeamStatsOutput } from '@contract/volunteer';
import { Badge, Card, ListItem, Loaded, SelectField, StateView } from '@/components';
import { useLoad } from '@/hooks/useLoad';
import ExportButton from '@/components/ExportButton';
import { callApi } from '@/services/api';
import { formatDateTime, yearStart } from '@/utils/time';
import { hoursText } from '../../lib';
import './index.scss';

const PERIODS = ['今年', '近 30 天', '全部'] as const;
type Period = (typeof PERIODS)[number];

/** The period as the server's `from`/`to`, up to now. */
function range(period: Period) {
  const now = Date.now();
  return {
    from: period === '今年' ? yearStart(now) : period === '近 30 天' ? now - 30 * 86_400_000 : 0,
    to: now,
  };
}

/** Per member and per event, members with no service this year, the team's members; export .xlsx. */
export default function StatsPage() {
  const { teamId = '' } = useRouter().params;
  const [period, setPeriod] = useState<Period>('今年');
  const data = useLoad<{ stats: TTeamStatsOutput; members: TTeamMembersOutput }>(
    async () => {
      const [stats, members] = await Promise.all([
        callApi('volunteer', 'stats', { teamId, ...range(period) }),
        callApi('volunteer', 'teamMembers', { teamId }),
      ]);
      return { stats, members };
    },
    [teamId, period],
    { when: 'show' },
  );
  return (
    <View className="page vstats">
      <Card>
        <SelectField label="期间" values={PERIODS} labelOf={(p) => p} value={period} onChange={setPeriod} />
        <ExportButton
          text="导出 Excel"
          type="secondary"
          run={() => callApi('volunteer', 'export', { teamId, ...range(period) })}
          doneText={(file) => `已导出 ${file.rows} 条记录`}
          saveAs="志愿时长.xlsx"
        />
      </Card>
      <Loaded load={data.load} onRetry={() => void data.reload()} loadingText="正在统计…">
        {({ stats, members }) => (
          <View>
            <Card title="合计" extra={<Text className="vstats__big">{hoursText(stats.totals.total)}</Text>}>
              <Text className="muted">
                签到核验 {stats.totals.verified} · 组织补录 {stats.totals.added} · 个人申报{' '}
                {stats.totals.reported} 小时
              </Text>
            </Card>
            <Card title="按队员">
              {stats.members.length === 0 ? (
                <StateView state="empty" text="这段时间还没有确认的时长" />
              ) : null}
              {stats.members.map((m) => (
                <ListItem
                  key={m.memberId}
                  title={m.name}
                  description={`${m.events} 次活动`}
                  extra={<Text>{hoursText(m.hours)}</Text>}
                  arrow={false}
                />
              ))}
            </Card>
            <Card title="按活动">
              {stats.events.length === 0 ? <StateView state="empty" text="这段时间没有活动" /> : null}
              {stats.events.map((e) => (
                <ListItem
                  key={e.activityId}
                  title={e.title}
                  description={`${formatDateTime(e.startAt)} · ${e.people} 人`}
                  extra={<Text>{hoursText(e.hours)}</Text>}
                  arrow={false}
                />
              ))}
            </Card>
            <Card title="今年尚无服务记录" extra={<Badge tone="warning">{stats.idleNames.length}</Badge>}>
              {stats.idleNames.length === 0 ? (
                <StateView state="empty" text="每位队员今年都参加过服务" />
              ) : null}
              <Text className="vstats__idle">{stats.idleNames.map((m) => m.name).join('、')}</Text>
            </Card>
            <Card title="队员" extra={<Badge>{members.filter((m) => m.status === 'active').length}</Badge>}>
              {members.map((m) => (
                <ListItem
                  key={m.memberId}
                  title={m.name}
                  description={`${m.branchName ?? ''} · ${m.staffNo}`}
                  extra={
                    m.isLeader ? (
                      <Badge tone="primary">队长</Badge>
                    ) : m.status === 'pending' ? (
                      <Badge tone="warning">待审核</Badge>
                    ) : null
                  }
                  arrow={false}
                />
              ))}
            </Card>
          </View>
        )}
      </Loaded>
    </View>
  );
}
