import { useState } from 'react';
import { Picker, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import type { TTeamMembersOutput, TTeamStatsOutput } from '@contract/volunteer';
import { Badge, Button, Card, ListItem, StateView } from '@/components';
import { callApi, errorText } from '@/services/api';
import { writeUserFile } from '@/services/device';
import { formatDateTime } from '@/utils/time';
import { hoursText, useLoad, yearStart } from '../../lib';
import '../../../styles/form.scss';
import './index.scss';

const PERIODS = ['今年', '近 30 天', '全部'];

/** Per member and per event, members with no service this year, the team's members; export .xlsx. */
export default function StatsPage() {
  const { teamId = '' } = useRouter().params;
  const [period, setPeriod] = useState(0);
  const range = () => {
    const now = Date.now();
    return { from: period === 0 ? yearStart(now) : period === 1 ? now - 30 * 86_400_000 : 0, to: now };
  };
  const [load, reload] = useLoad<{ stats: TTeamStatsOutput; members: TTeamMembersOutput }>(async () => {
    const [stats, members] = await Promise.all([
      callApi('volunteer', 'stats', { teamId, ...range() }),
      callApi('volunteer', 'teamMembers', { teamId }),
    ]);
    return { stats, members };
  });
  const [exporting, setExporting] = useState(false);
  const [exported, setExported] = useState<{ url: string; rows: number } | null>(null);
  const [msg, setMsg] = useState('');

  const doExport = async () => {
    setExporting(true);
    setMsg('');
    try {
      const file = await callApi('volunteer', 'export', { teamId, ...range() });
      // The workbook comes in the answer (no storage URL to download from: README "Release").
      if (process.env.TARO_ENV === 'weapp') {
        const filePath = await writeUserFile(file.fileName, file.contentBase64);
        await Taro.openDocument({ filePath, fileType: 'xlsx', showMenu: true });
        setExported({ url: '', rows: file.rows });
      } else {
        setExported({ url: `data:${file.contentType};base64,${file.contentBase64}`, rows: file.rows });
      }
    } catch (e) {
      setMsg(errorText(e));
    } finally {
      setExporting(false);
    }
  };

  return (
    <View className="page vstats">
      <Card>
        <View className="form__field">
          <Text className="form__label">期间</Text>
          <Picker
            mode="selector"
            range={PERIODS}
            value={period}
            onChange={(e) => (setPeriod(Number(e.detail.value)), setTimeout(reload, 0))}
          >
            <View className="form__picker">{PERIODS[period]}</View>
          </Picker>
        </View>
        <Button block type="secondary" loading={exporting} onClick={() => void doExport()}>
          导出 Excel
        </Button>
        {exported ? (
          <View className="vstats__exported">
            <Text className="vstats__ok">已导出 {exported.rows} 条记录</Text>
            {process.env.TARO_ENV === 'h5' ? (
              <Button
                size="small"
                type="plain"
                onClick={() => {
                  const a = document.createElement('a');
                  a.href = exported.url;
                  a.download = '志愿时长.xlsx';
                  a.click();
                }}
              >
                打开文件
              </Button>
            ) : null}
          </View>
        ) : null}
        {msg ? <Text className="form__error">{msg}</Text> : null}
      </Card>
      {load.state === 'loading' ? <StateView state="loading" text="正在统计…" /> : null}
      {load.state === 'error' ? <StateView state="error" text={load.message} onRetry={reload} /> : null}
      {load.state === 'ready' ? (
        <View>
          <Card
            title="合计"
            extra={<Text className="vstats__big">{hoursText(load.data.stats.totals.total)}</Text>}
          >
            <Text className="muted">
              签到核验 {load.data.stats.totals.verified} · 组织补录 {load.data.stats.totals.added} · 个人申报{' '}
              {load.data.stats.totals.reported} 小时
            </Text>
          </Card>
          <Card title="按队员">
            {load.data.stats.members.length === 0 ? (
              <StateView state="empty" text="这段时间还没有确认的时长" />
            ) : null}
            {load.data.stats.members.map((m) => (
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
            {load.data.stats.events.length === 0 ? <StateView state="empty" text="这段时间没有活动" /> : null}
            {load.data.stats.events.map((e) => (
              <ListItem
                key={e.activityId}
                title={e.title}
                description={`${formatDateTime(e.startAt)} · ${e.people} 人`}
                extra={<Text>{hoursText(e.hours)}</Text>}
                arrow={false}
              />
            ))}
          </Card>
          <Card
            title="今年尚无服务记录"
            extra={<Badge tone="warning">{load.data.stats.idleNames.length}</Badge>}
          >
            {load.data.stats.idleNames.length === 0 ? (
              <StateView state="empty" text="每位队员今年都参加过服务" />
            ) : null}
            <Text className="vstats__idle">{load.data.stats.idleNames.map((m) => m.name).join('、')}</Text>
          </Card>
          <Card
            title="队员"
            extra={<Badge>{load.data.members.filter((m) => m.status === 'active').length}</Badge>}
          >
            {load.data.members.map((m) => (
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
      ) : null}
    </View>
  );
}
