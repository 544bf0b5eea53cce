import { useCallback, useEffect, useState } from 'react';
import { Input, Picker, Switch, Text, Textarea, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import type { ActivityType, ApprovalMode, ProofMode, TActivity, TSite } from '@contract/activity';
import { Button, Card, StateView } from '@/components';
import { callApi, errorText, isApiError } from '@/services/api';
import { useSessionStore } from '@/stores/session';
import { ACTIVITY_TYPES, APPROVAL_MODES, PROOF_MODES } from '@contract/enums';
import { ACTIVITY_TYPE_LABELS, APPROVAL_LABELS, PROOF_LABELS } from '@/utils/labels';
import { go, ROUTES } from '@/utils/nav';
import { formatRange, shanghai } from '@/utils/time';
import './index.scss';

const PERIODS = [10, 15, 20, 30];

interface Draft {
  type: ActivityType;
  title: string;
  siteId: string | null;
  date: string;
  start: string;
  end: string;
  proof: ProofMode;
  approval: ApprovalMode;
  requireLocation: boolean;
  checkOut: boolean;
  codePeriodSec: number;
  description: string;
}

/** `YYYY-MM-DD` + `HH:mm` in Asia/Shanghai → epoch ms. */
function instant(date: string, time: string): number {
  return Date.parse(`${date}T${time}:00+08:00`);
}

function draftOf(a: TActivity | null): Draft {
  if (!a) {
    const t = shanghai(Date.now() + 24 * 3600_000);
    return {
      type: 'theme_day',
      title: '',
      siteId: null,
      date: t.format('YYYY-MM-DD'),
      start: '14:30',
      end: '16:00',
      proof: 'either',
      approval: 'risk',
      requireLocation: false,
      checkOut: false,
      codePeriodSec: 15,
      description: '',
    };
  }
  return {
    type: a.type,
    title: a.title,
    siteId: a.siteId,
    date: shanghai(a.startAt).format('YYYY-MM-DD'),
    start: shanghai(a.startAt).format('HH:mm'),
    end: shanghai(a.endAt).format('HH:mm'),
    proof: a.checkin.proof,
    approval: a.checkin.approval,
    requireLocation: a.checkin.requireLocation,
    checkOut: a.checkin.checkOut,
    codePeriodSec: a.checkin.codePeriodSec,
    description: a.description ?? '',
  };
}

type Load = { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready' };

/**
 * Create or edit an activity (`?id=` edits). Editing is possible before the start only (the server
 * refuses later edits). From here the secretary opens the rotating-code display or cancels with a
 * reason members will see.
 */
export default function ActivityEditPage() {
  const { id } = useRouter().params;
  const { member, loaded, refresh } = useSessionStore();
  useEffect(() => {
    if (!loaded) void refresh();
  }, [loaded, refresh]);
  const [load, setLoad] = useState<Load>({ state: id ? 'loading' : 'ready' });
  const [activity, setActivity] = useState<TActivity | null>(null);
  const [sites, setSites] = useState<TSite[]>([]);
  const [d, setD] = useState<Draft>(() => draftOf(null));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [cancelling, setCancelling] = useState(false);
  const [reason, setReason] = useState('');
  const branchId = activity?.branchId ?? member?.branchId;

  const fetchIt = useCallback(() => {
    if (!id) return;
    setLoad({ state: 'loading' });
    callApi('activity', 'get', { activityId: id })
      .then((a) => {
        setActivity(a);
        setD(draftOf(a));
        setLoad({ state: 'ready' });
      })
      .catch((e: unknown) => setLoad({ state: 'error', message: errorText(e) }));
  }, [id]);
  useEffect(fetchIt, [fetchIt]);

  useEffect(() => {
    if (!branchId) return;
    callApi('activity', 'listSites', { branchId })
      .then(setSites)
      .catch(() => setSites([]));
  }, [branchId]);

  if (load.state === 'loading')
    return (
      <View className="page">
        <StateView state="loading" />
      </View>
    );
  if (load.state === 'error')
    return (
      <View className="page">
        <StateView state="error" text={load.message} onRetry={fetchIt} />
      </View>
    );

  const started = activity ? Date.now() >= activity.startAt : false;
  const cancelled = activity?.status === 'cancelled';
  const locked = started || cancelled;

  const save = async () => {
    if (!branchId) return;
    setError(null);
    const startAt = instant(d.date, d.start);
    const endAt = instant(d.date, d.end);
    if (!d.title.trim()) return setError('请填写活动名称');
    if (!(endAt > startAt)) return setError('结束时间需晚于开始时间');
    if (d.proof === 'site' && !d.siteId) return setError('仅用阵地码签到时，请选择活动地点');
    const checkin = {
      proof: d.proof,
      approval: d.approval,
      requireLocation: d.requireLocation,
      checkOut: d.checkOut,
      codePeriodSec: d.codePeriodSec,
    };
    setBusy(true);
    try {
      if (activity) {
        await callApi('activity', 'update', {
          activityId: activity.id,
          type: d.type,
          title: d.title.trim(),
          siteId: d.siteId,
          startAt,
          endAt,
          checkin,
          ...(d.description.trim() ? { description: d.description.trim() } : {}),
        });
        void Taro.showToast({ title: '已保存', icon: 'success' });
        fetchIt();
      } else {
        const r = await callApi('activity', 'create', {
          branchId,
          type: d.type,
          title: d.title.trim(),
          ...(d.siteId ? { siteId: d.siteId } : {}),
          startAt,
          endAt,
          checkin,
          ...(d.description.trim() ? { description: d.description.trim() } : {}),
        });
        void Taro.showToast({ title: '已发起', icon: 'success' });
        void Taro.redirectTo({ url: `${ROUTES.secretaryActivityEdit}?id=${r.id}` });
      }
    } catch (e) {
      setError(isApiError(e) && e.code === 'CONFLICT' ? '活动已开始或已取消，不能再修改' : errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const cancel = async () => {
    if (!activity) return;
    if (!reason.trim()) return setError('请填写取消原因，成员会看到它');
    setBusy(true);
    setError(null);
    try {
      await callApi('activity', 'cancel', { activityId: activity.id, reason: reason.trim() });
      setCancelling(false);
      fetchIt();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const siteIndex = sites.findIndex((s) => s.id === d.siteId);
  const selector = <T extends string | number>(
    label: string,
    values: readonly T[],
    labels: (v: T) => string,
    value: T,
    set: (v: T) => void,
  ) => (
    <View className="form__field">
      <Text className="form__label">{label}</Text>
      <Picker
        mode="selector"
        disabled={locked}
        range={values.map(labels)}
        value={Math.max(0, values.indexOf(value))}
        onChange={(e) => set(values[Number(e.detail.value)])}
      >
        <View className="form__picker">
          <Text>{labels(value)}</Text>
          <Text className="muted">›</Text>
        </View>
      </Picker>
    </View>
  );

  return (
    <View className="page act-edit">
      {/* The display only while check-in can still happen (its window has not closed). */}
      {activity &&
      !cancelled &&
      activity.checkin.proof !== 'site' &&
      Date.now() <= activity.checkin.closesAt ? (
        <Button block onClick={() => go(`${ROUTES.secretaryDisplay}?id=${activity.id}`)}>
          出示签到码（大屏）
        </Button>
      ) : null}
      {cancelled ? (
        <View className="form__alert" role="alert">
          <Text>活动已取消。原因：{activity?.cancelReason}</Text>
        </View>
      ) : started ? (
        <View className="form__note">
          <Text>活动已开始，不能再修改。</Text>
        </View>
      ) : null}

      <Card title={activity ? '活动信息' : '发起活动'}>
        {selector(
          '类型',
          ACTIVITY_TYPES,
          (t) => ACTIVITY_TYPE_LABELS[t],
          d.type,
          (type) => setD({ ...d, type }),
        )}
        <View className="form__field">
          <Text className="form__label">活动名称</Text>
          <Input
            className="ui-input"
            disabled={locked}
            maxlength={80}
            placeholder="例如：主题党日——走进实验室"
            value={d.title}
            onInput={(e) => setD({ ...d, title: e.detail.value })}
          />
        </View>
        <View className="form__field">
          <Text className="form__label">地点（一线阵地）</Text>
          <Picker
            mode="selector"
            disabled={locked}
            range={['不指定', ...sites.map((s) => s.name)]}
            value={siteIndex + 1}
            onChange={(e) => {
              const i = Number(e.detail.value) - 1;
              // A site brings its fence: location becomes required by default (docs/checkin.md, S-2).
              const siteId = i >= 0 ? sites[i].id : null;
              setD({ ...d, siteId, requireLocation: siteId && !d.siteId ? true : d.requireLocation });
            }}
          >
            <View className="form__picker">
              <Text className={siteIndex >= 0 ? '' : 'muted'}>
                {siteIndex >= 0 ? sites[siteIndex].name : '不指定'}
              </Text>
              <Text className="muted">›</Text>
            </View>
          </Picker>
        </View>
        <View className="form__field">
          <Text className="form__label">日期</Text>
          <Picker
            mode="date"
            disabled={locked}
            value={d.date}
            onChange={(e) => setD({ ...d, date: e.detail.value })}
          >
            <View className="form__picker">
              <Text>{shanghai(instant(d.date, '00:00')).format('YYYY年M月D日 ddd')}</Text>
              <Text className="muted">›</Text>
            </View>
          </Picker>
        </View>
        <View className="act-edit__row">
          <View className="form__field act-edit__half">
            <Text className="form__label">开始</Text>
            <Picker
              mode="time"
              disabled={locked}
              value={d.start}
              onChange={(e) => setD({ ...d, start: e.detail.value })}
            >
              <View className="form__picker">
                <Text>{d.start}</Text>
                <Text className="muted">›</Text>
              </View>
            </Picker>
          </View>
          <View className="form__field act-edit__half">
            <Text className="form__label">结束</Text>
            <Picker
              mode="time"
              disabled={locked}
              value={d.end}
              onChange={(e) => setD({ ...d, end: e.detail.value })}
            >
              <View className="form__picker">
                <Text>{d.end}</Text>
                <Text className="muted">›</Text>
              </View>
            </Picker>
          </View>
        </View>
        <Text className="muted act-edit__hint">
          {activity
            ? `签到时间：${formatRange(activity.checkin.opensAt, activity.checkin.closesAt)}`
            : '签到时间：开始前 30 分钟至开始后 30 分钟'}
        </Text>
      </Card>

      <Card title="签到设置">
        {selector(
          '签到方式',
          PROOF_MODES,
          (p) => PROOF_LABELS[p],
          d.proof,
          (proof) => setD({ ...d, proof }),
        )}
        {selector(
          '审核方式',
          APPROVAL_MODES,
          (p) => APPROVAL_LABELS[p],
          d.approval,
          (approval) => setD({ ...d, approval }),
        )}
        {selector(
          '二维码刷新间隔',
          PERIODS,
          (s) => `${s} 秒`,
          d.codePeriodSec,
          (codePeriodSec) => setD({ ...d, codePeriodSec }),
        )}
        <View className="form__field act-edit__switch">
          <Text>签到时需要定位</Text>
          <Switch
            disabled={locked}
            checked={d.requireLocation}
            color="#c8161d"
            onChange={(e) => setD({ ...d, requireLocation: e.detail.value })}
          />
        </View>
        <View className="form__field act-edit__switch">
          <Text>需要签退（记录时长）</Text>
          <Switch
            disabled={locked}
            checked={d.checkOut}
            color="#c8161d"
            onChange={(e) => setD({ ...d, checkOut: e.detail.value })}
          />
        </View>
        <View className="form__field">
          <Text className="form__label">说明（选填）</Text>
          <Textarea
            className="form__textarea act-edit__textarea"
            disabled={locked}
            maxlength={2000}
            value={d.description}
            placeholder="议程、第一议题、需携带的材料等"
            onInput={(e) => setD({ ...d, description: e.detail.value })}
          />
        </View>
      </Card>

      {error ? (
        <View className="form__alert" role="alert">
          <Text>{error}</Text>
        </View>
      ) : null}

      {!locked ? (
        <View className="act-edit__actions">
          <Button block loading={busy} onClick={() => void save()}>
            {activity ? '保存修改' : '发起活动'}
          </Button>
        </View>
      ) : null}

      {activity && !cancelled ? (
        <Card title="取消活动">
          {cancelling ? (
            <View>
              <Input
                className="ui-input act-edit__reason"
                maxlength={200}
                placeholder="取消原因（成员可见）"
                value={reason}
                onInput={(e) => setReason(e.detail.value)}
              />
              <View className="form__actions">
                <Button type="secondary" disabled={busy} onClick={() => setCancelling(false)}>
                  不取消
                </Button>
                <Button loading={busy} onClick={() => void cancel()}>
                  确认取消
                </Button>
              </View>
            </View>
          ) : (
            <Button block type="secondary" onClick={() => setCancelling(true)}>
              取消本次活动
            </Button>
          )}
        </Card>
      ) : null}
    </View>
  );
}
