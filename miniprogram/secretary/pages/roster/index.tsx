import { useEffect, useState } from 'react';
import { View, Text } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import type { TRosterEntry, TRosterOutput } from '@contract/attendance';
import { Badge, Button, Card, Loaded, MissingParam, StateView } from '@/components';
import { useAction } from '@/hooks/useAction';
import { useLoad } from '@/hooks/useLoad';
import { callApi } from '@/services/api';
import { ACTIVITY_TYPE_LABELS } from '@/utils/labels';
import { go, ROUTES } from '@/utils/nav';
import { formatDateTime, formatRange } from '@/utils/time';
import { ReasonSheet } from '../../lib/reason-sheet';
import '../../lib/shared.scss';
import './index.scss';

type Tab = keyof TRosterOutput;
const LIVE_REFRESH_MS = 15_000;
const TABS: { key: Tab; label: string }[] = [
  { key: 'expected', label: '应到' },
  { key: 'present', label: '实到' },
  { key: 'pending', label: '待审核' },
  { key: 'leave', label: '请假' },
  { key: 'absent', label: '缺席' },
];

/**
 * One activity's roster (`?activityId=`): expected, present, pending, on leave, absent. The
 * secretary can 补录 an absent member (forced, with a reason) and undo a wrong approval (with a
 * reason); both land in the audit. Links to the minutes and the activity's audit trail.
 */
export default function RosterPage() {
  const { activityId = '' } = useRouter().params;
  const page = useLoad(
    async () => {
      const [activity, roster] = await Promise.all([
        callApi('activity', 'get', { activityId }),
        callApi('attendance', 'roster', { activityId }),
      ]);
      return { activity, roster };
    },
    [activityId],
    { enabled: Boolean(activityId), when: 'show' },
  );
  const activity = page.data?.activity ?? null;
  // While the meeting runs, who has not arrived is what matters: open on 未签到, refresh on its own.
  const live = activity !== null && activity.status !== 'cancelled' && Date.now() < activity.endAt;
  const [picked, setTab] = useState<Tab | null>(null);
  const tab: Tab = picked ?? (live && Date.now() >= activity.checkin.opensAt ? 'absent' : 'expected');
  const { reload } = page;
  useEffect(() => {
    if (!live) return;
    const t = setInterval(() => void reload({ quiet: true }), LIVE_REFRESH_MS);
    return () => clearInterval(t);
  }, [live, reload]);
  const [sheet, setSheet] = useState<{ kind: 'add' | 'undo'; entry: TRosterEntry } | null>(null);
  const action = useAction();
  const open = (s: typeof sheet) => {
    action.setMsg(null);
    setSheet(s);
  };

  const act = async (reason: string) => {
    if (!sheet) return;
    await action.run(
      async () => {
        if (sheet.kind === 'add') {
          await callApi('attendance', 'manualAdd', { activityId, memberId: sheet.entry.memberId, reason });
        } else {
          await callApi('attendance', 'undo', {
            id: `${activityId}:${sheet.entry.memberId}`,
            kind: 'checkin',
            reason,
          });
        }
        setSheet(null);
        void page.reload({ quiet: true });
      },
      { toast: sheet.kind === 'add' ? '已补录' : '已撤销' },
    );
  };

  if (!activityId) return <MissingParam />;
  const roster = page.data?.roster ?? null;
  const list = roster ? roster[tab] : [];
  const statusOf = (e: TRosterEntry): Tab => {
    if (!roster) return 'expected';
    for (const t of ['present', 'pending', 'leave', 'absent'] as Tab[]) {
      if (roster[t].some((x) => x.memberId === e.memberId)) return t;
    }
    return 'expected';
  };
  // Before the activity is over, nobody is absent yet: they have not checked in.
  const labelOf = (k: Tab) =>
    k === 'absent' && live ? '未签到' : (TABS.find((t) => t.key === k)?.label ?? '');
  const TONE: Record<Tab, 'success' | 'warning' | 'default' | 'danger' | 'primary'> = {
    expected: 'default',
    present: 'success',
    pending: 'warning',
    leave: 'default',
    absent: 'danger',
  };

  return (
    <View className="page roster">
      <Card>
        <Text className="roster__title">{activity?.title ?? '活动'}</Text>
        {activity ? (
          <Text className="muted roster__meta">
            {ACTIVITY_TYPE_LABELS[activity.type]} · {formatRange(activity.startAt, activity.endAt)}
          </Text>
        ) : null}
        <View className="roster__links">
          <Button
            size="small"
            type="secondary"
            onClick={() => go(`${ROUTES.secretaryMinutes}?activityId=${activityId}`)}
          >
            会议记录
          </Button>
          <Button
            size="small"
            type="secondary"
            onClick={() => go(`${ROUTES.secretaryAudit}?activityId=${activityId}`)}
          >
            操作记录
          </Button>
        </View>
      </Card>
      {live ? <Text className="roster__live">签到进行中 · 名单每 15 秒自动刷新</Text> : null}
      <Loaded load={page.load} onRetry={() => void page.reload()} loadingText="正在统计出勤…">
        {({ roster: r }) => (
          <>
            <View className="roster__tabs">
              {TABS.map((t) => (
                <View
                  key={t.key}
                  className={`roster__tab${tab === t.key ? ' roster__tab--on' : ''}`}
                  onClick={() => setTab(t.key)}
                >
                  <Text className="roster__count">{r[t.key].length}</Text>
                  <Text className="roster__label">{labelOf(t.key)}</Text>
                </View>
              ))}
            </View>
            <Card>
              {list.length === 0 ? <StateView state="empty" text="这里没有人" /> : null}
              {list.map((e) => {
                const s = statusOf(e);
                return (
                  <View key={e.memberId} className="roster__row">
                    <View className="roster__who">
                      <Text className="roster__name">{e.name}</Text>
                      <Text className="muted roster__sub">
                        {e.at ? `签到 ${formatDateTime(e.at)}` : ''}
                        {e.reason ? `${e.at ? ' · ' : ''}${e.reason}` : ''}
                      </Text>
                    </View>
                    {tab === 'expected' ? <Badge tone={TONE[s]}>{labelOf(s)}</Badge> : null}
                    {s === 'absent' ? (
                      <Button size="small" type="plain" onClick={() => open({ kind: 'add', entry: e })}>
                        补录
                      </Button>
                    ) : null}
                    {s === 'present' && tab === 'present' ? (
                      <Button size="small" type="plain" onClick={() => open({ kind: 'undo', entry: e })}>
                        撤销
                      </Button>
                    ) : null}
                  </View>
                );
              })}
            </Card>
          </>
        )}
      </Loaded>
      {sheet ? (
        <ReasonSheet
          title={sheet.kind === 'add' ? `为 ${sheet.entry.name} 补录出勤` : `撤销 ${sheet.entry.name} 的出勤`}
          quick={
            sheet.kind === 'add'
              ? ['签到设备故障，现场确认到会', '主持/记录会议未能扫码', '线上参会，书记确认']
              : ['误批：核实未到场', '代签，非本人到会', '重复记录']
          }
          confirmText={sheet.kind === 'add' ? '确认补录' : '确认撤销'}
          busy={action.busy}
          error={action.msg?.text ?? null}
          onCancel={() => setSheet(null)}
          onConfirm={(r) => void act(r)}
        />
      ) : null}
    </View>
  );
}
