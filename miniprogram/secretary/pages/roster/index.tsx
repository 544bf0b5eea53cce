import { useCallback, useEffect, useState } from 'react';
import { View, Text } from '@tarojs/components';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import type { TRosterEntry, TRosterOutput } from '@contract/attendance';
import type { TActivity } from '@contract/activity';
import { Badge, Button, Card, StateView } from '@/components';
import { callApi, errorText } from '@/services/api';
import { ACTIVITY_TYPE_LABELS } from '@/utils/labels';
import { go, ROUTES } from '@/utils/nav';
import { formatDateTime, formatRange } from '@/utils/time';
import { ReasonSheet, type Load } from '../queue/shared';
import './index.scss';

type Tab = keyof TRosterOutput;
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
  const [activity, setActivity] = useState<TActivity | null>(null);
  const [load, setLoad] = useState<Load<TRosterOutput>>({ state: 'loading' });
  const [tab, setTab] = useState<Tab>('expected');
  const [sheet, setSheet] = useState<{ kind: 'add' | 'undo'; entry: TRosterEntry } | null>(null);
  const [busy, setBusy] = useState(false);
  const [sheetError, setSheetError] = useState<string | null>(null);

  const fetchAll = useCallback(() => {
    if (!activityId) return;
    setLoad({ state: 'loading' });
    callApi('activity', 'get', { activityId })
      .then(setActivity)
      .catch(() => undefined);
    callApi('attendance', 'roster', { activityId })
      .then((data) => setLoad({ state: 'ready', data }))
      .catch((e: unknown) => setLoad({ state: 'error', message: errorText(e) }));
  }, [activityId]);
  useEffect(fetchAll, [fetchAll]);
  useDidShow(() => {
    if (load.state === 'ready') fetchAll();
  });

  const act = async (reason: string) => {
    if (!sheet) return;
    setBusy(true);
    setSheetError(null);
    try {
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
      void Taro.showToast({ title: sheet.kind === 'add' ? '已补录' : '已撤销', icon: 'success' });
      fetchAll();
    } catch (e) {
      setSheetError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  if (!activityId) {
    return (
      <View className="page">
        <StateView state="empty" text="没有指定活动" />
      </View>
    );
  }
  const list = load.state === 'ready' ? load.data[tab] : [];
  const statusOf = (e: TRosterEntry): Tab => {
    if (load.state !== 'ready') return 'expected';
    for (const t of ['present', 'pending', 'leave', 'absent'] as Tab[]) {
      if (load.data[t].some((x) => x.memberId === e.memberId)) return t;
    }
    return 'expected';
  };
  // Before the activity is over, nobody is absent yet: they have not checked in.
  const live = activity !== null && Date.now() < activity.endAt;
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
      {load.state === 'loading' ? <StateView state="loading" text="正在统计出勤…" /> : null}
      {load.state === 'error' ? <StateView state="error" text={load.message} onRetry={fetchAll} /> : null}
      {load.state === 'ready' ? (
        <>
          <View className="roster__tabs">
            {TABS.map((t) => (
              <View
                key={t.key}
                className={`roster__tab${tab === t.key ? ' roster__tab--on' : ''}`}
                onClick={() => setTab(t.key)}
              >
                <Text className="roster__count">{load.data[t.key].length}</Text>
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
                    <Button
                      size="small"
                      type="plain"
                      onClick={() => {
                        setSheetError(null);
                        setSheet({ kind: 'add', entry: e });
                      }}
                    >
                      补录
                    </Button>
                  ) : null}
                  {s === 'present' && tab === 'present' ? (
                    <Button
                      size="small"
                      type="plain"
                      onClick={() => {
                        setSheetError(null);
                        setSheet({ kind: 'undo', entry: e });
                      }}
                    >
                      撤销
                    </Button>
                  ) : null}
                </View>
              );
            })}
          </Card>
        </>
      ) : null}
      {sheet ? (
        <ReasonSheet
          title={sheet.kind === 'add' ? `为 ${sheet.entry.name} 补录出勤` : `撤销 ${sheet.entry.name} 的出勤`}
          quick={
            sheet.kind === 'add'
              ? ['签到设备故障，现场确认到会', '主持/记录会议未能扫码', '线上参会，书记确认']
              : ['误批：核实未到场', '代签，非本人到会', '重复记录']
          }
          confirmText={sheet.kind === 'add' ? '确认补录' : '确认撤销'}
          busy={busy}
          error={sheetError}
          onCancel={() => setSheet(null)}
          onConfirm={(r) => void act(r)}
        />
      ) : null}
    </View>
  );
}
