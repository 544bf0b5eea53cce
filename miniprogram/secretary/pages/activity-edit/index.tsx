import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import type { ActivityType, ApprovalMode, ProofMode, TActivity, TSite } from '@contract/activity';
import {
  Button,
  Card,
  Chips,
  DateTimeField,
  Field,
  FormError,
  FormNote,
  Loaded,
  SelectField,
  SwitchField,
  TextAreaField,
  TextField,
} from '@/components';
import { useAction } from '@/hooks/useAction';
import { useLoad } from '@/hooks/useLoad';
import { useSession } from '@/hooks/useSession';
import { callApi, isApiError } from '@/services/api';
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

/** Start presets: the common "when" in one tap instead of four wheels. */
const PRESETS: { key: string; label: string; at: (now: number) => { date: string; start: string } }[] = [
  {
    key: 'now',
    label: '现在开始',
    at: (now) => {
      const t = shanghai(Math.floor(now / 300_000) * 300_000);
      return { date: t.format('YYYY-MM-DD'), start: t.format('HH:mm') };
    },
  },
  {
    key: 'afternoon',
    label: '今天下午',
    at: (now) => ({ date: shanghai(now).format('YYYY-MM-DD'), start: '14:30' }),
  },
  {
    key: 'tomorrow',
    label: '明天下午',
    at: (now) => ({ date: shanghai(now + 24 * 3600_000).format('YYYY-MM-DD'), start: '14:30' }),
  },
];
const DURATIONS_MIN = [60, 90, 120];

/** `HH:mm` + minutes, on the same day (capped at 23:59). */
function plusMinutes(hhmm: string, min: number): string {
  const [h, m] = hhmm.split(':').map(Number);
  const t = Math.min(h * 60 + m + min, 23 * 60 + 59);
  return `${String(Math.floor(t / 60)).padStart(2, '0')}:${String(t % 60).padStart(2, '0')}`;
}

/**
 * Create or edit an activity (`?id=` edits). Before the start everything can change; after it only
 * the title and the description (times, place and check-in rules are what the records were judged
 * by — the server enforces the same and audits every edit). From here the secretary opens the
 * rotating-code display, the live roster, or cancels with a reason members will see.
 */
export default function ActivityEditPage() {
  const { id } = useRouter().params;
  const session = useSession();
  const [d, setD] = useState<Draft>(() => draftOf(null));
  const existing = useLoad(
    async () => {
      const a = await callApi('activity', 'get', { activityId: id ?? '' });
      setD(draftOf(a));
      return a;
    },
    [id],
    { enabled: Boolean(id) },
  );
  const activity = existing.data;
  const branchId = activity?.branchId ?? session.member?.branchId;
  const sitesLoad = useLoad(
    () => callApi('activity', 'listSites', { branchId: branchId ?? '' }),
    [branchId],
    {
      enabled: Boolean(branchId),
    },
  );
  const sites: TSite[] = sitesLoad.data ?? [];
  const { busy, msg, setMsg, run } = useAction();
  const error = msg?.text ?? null;
  const setError = (text: string | null) => setMsg(text ? { ok: false, text } : null);
  const [cancelling, setCancelling] = useState(false);
  const [reason, setReason] = useState('');

  if (id && !activity)
    return (
      <View className="page">
        <Loaded load={existing.load} onRetry={() => void existing.reload()}>
          {() => null}
        </Loaded>
      </View>
    );

  const started = activity ? Date.now() >= activity.startAt : false;
  const cancelled = activity?.status === 'cancelled';
  const locked = started || cancelled;
  /** Title and description stay editable after the start (not after a cancellation). */
  const textLocked = cancelled;
  const startAtDraft = instant(d.date, d.start);
  const pastStart = !activity && startAtDraft < Date.now() - 5 * 60_000;

  const save = async () => {
    if (!branchId) return;
    setError(null);
    const startAt = instant(d.date, d.start);
    const endAt = instant(d.date, d.end);
    if (!d.title.trim()) return setError('请填写活动名称');
    if (!(endAt > startAt)) return setError('结束时间需晚于开始时间');
    if (d.proof === 'site' && !d.siteId) return setError('仅用阵地码签到时，请选择活动地点');
    if (pastStart) {
      const { confirm } = await Taro.showModal({
        title: '开始时间已过',
        content: `开始时间 ${formatRange(startAt, endAt)} 已经过去，签到窗口可能已关闭。仍要发起吗？`,
        confirmText: '仍要发起',
        cancelText: '改时间',
      });
      if (!confirm) return;
    }
    const checkin = {
      proof: d.proof,
      approval: d.approval,
      requireLocation: d.requireLocation,
      checkOut: d.checkOut,
      codePeriodSec: d.codePeriodSec,
    };
    await run(
      async () => {
        if (activity && started) {
          // After the start: only what people read.
          await callApi('activity', 'update', {
            activityId: activity.id,
            title: d.title.trim(),
            ...(d.description.trim() ? { description: d.description.trim() } : {}),
          });
          void Taro.showToast({ title: '已保存', icon: 'success' });
          void existing.reload({ quiet: true });
        } else if (activity) {
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
          void existing.reload({ quiet: true });
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
      },
      {
        fail: (e) =>
          isApiError(e) && e.code === 'CONFLICT' ? '活动已开始或已取消，不能再修改时间与签到设置' : undefined,
      },
    );
  };

  const cancel = async () => {
    if (!activity) return;
    if (!reason.trim()) return setError('请填写取消原因，成员会看到它');
    await run(async () => {
      await callApi('activity', 'cancel', { activityId: activity.id, reason: reason.trim() });
      setCancelling(false);
      void existing.reload({ quiet: true });
    });
  };

  const siteOptions: (TSite | null)[] = [null, ...sites];

  const live = activity && !cancelled && started && Date.now() <= activity.endAt;
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
      {activity && !cancelled && Date.now() >= activity.checkin.opensAt ? (
        <Button
          block
          type="secondary"
          onClick={() => go(`${ROUTES.secretaryRoster}?activityId=${activity.id}`)}
        >
          {live ? '实时名单（谁还没到）' : '出勤名单'}
        </Button>
      ) : null}
      {cancelled ? (
        <FormError message={`活动已取消。原因：${activity?.cancelReason ?? '未说明'}`} />
      ) : started ? (
        <FormNote>活动已开始：时间、地点和签到设置不能再改，名称和说明仍可修改（会记入操作记录）。</FormNote>
      ) : null}

      <Card title={activity ? '活动信息' : '发起活动'}>
        {!activity ? (
          <Field label="快速选择">
            <Chips
              values={PRESETS}
              labelOf={(p) => p.label}
              onPick={(p) => {
                const at = p.at(Date.now());
                setD({ ...d, ...at, end: plusMinutes(at.start, 90) });
              }}
            />
          </Field>
        ) : null}
        <SelectField
          label="类型"
          values={ACTIVITY_TYPES}
          labelOf={(t) => ACTIVITY_TYPE_LABELS[t]}
          value={d.type}
          onChange={(type) => setD({ ...d, type })}
          disabled={locked}
        />
        <TextField
          label="活动名称"
          value={d.title}
          onChange={(title) => setD({ ...d, title })}
          maxlength={80}
          placeholder="例如：主题党日——走进实验室"
          disabled={textLocked}
        />
        <SelectField
          label="地点（一线阵地）"
          values={siteOptions}
          labelOf={(x) => (x ? x.name : '不指定')}
          value={sites.find((x) => x.id === d.siteId) ?? null}
          placeholder="不指定"
          disabled={locked}
          onChange={(x) => {
            const siteId = x ? x.id : null;
            // A site brings its fence: location becomes required by default (docs/checkin.md, S-2).
            setD({ ...d, siteId, requireLocation: siteId && !d.siteId ? true : d.requireLocation });
          }}
        />
        <DateTimeField
          label="日期"
          mode="date"
          value={d.date}
          onChange={(date) => setD({ ...d, date })}
          display={shanghai(instant(d.date, '00:00')).format('YYYY年M月D日 ddd')}
          disabled={locked}
        />
        <View className="act-edit__row">
          <DateTimeField
            className="act-edit__half"
            label="开始"
            mode="time"
            value={d.start}
            onChange={(start) => setD({ ...d, start })}
            disabled={locked}
          />
          <DateTimeField
            className="act-edit__half"
            label="结束"
            mode="time"
            value={d.end}
            onChange={(end) => setD({ ...d, end })}
            disabled={locked}
          />
        </View>
        {!locked ? (
          <Field label="时长">
            <Chips
              row
              values={DURATIONS_MIN}
              labelOf={(m) => `${m / 60} 小时`}
              isOn={(m) => plusMinutes(d.start, m) === d.end}
              onPick={(m) => setD({ ...d, end: plusMinutes(d.start, m) })}
            />
          </Field>
        ) : null}
        {pastStart ? <FormNote>开始时间已经过去：签到时间按开始时间计算，可能已经结束。</FormNote> : null}
        <Text className="muted act-edit__hint">
          {activity
            ? `签到时间：${formatRange(activity.checkin.opensAt, activity.checkin.closesAt)}`
            : '签到时间：开始前 30 分钟至开始后 30 分钟'}
        </Text>
      </Card>

      <Card title="签到设置">
        <SelectField
          label="签到方式"
          values={PROOF_MODES}
          labelOf={(p) => PROOF_LABELS[p]}
          value={d.proof}
          onChange={(proof) => setD({ ...d, proof })}
          disabled={locked}
        />
        <SelectField
          label="审核方式"
          values={APPROVAL_MODES}
          labelOf={(p) => APPROVAL_LABELS[p]}
          value={d.approval}
          onChange={(approval) => setD({ ...d, approval })}
          disabled={locked}
        />
        <SelectField
          label="二维码刷新间隔"
          values={PERIODS}
          labelOf={(x) => `${x} 秒`}
          value={d.codePeriodSec}
          onChange={(codePeriodSec) => setD({ ...d, codePeriodSec })}
          disabled={locked}
        />
        <SwitchField
          label="签到时需要定位"
          checked={d.requireLocation}
          onChange={(requireLocation) => setD({ ...d, requireLocation })}
          disabled={locked}
        />
        <SwitchField
          label="需要签退（记录时长）"
          checked={d.checkOut}
          onChange={(checkOut) => setD({ ...d, checkOut })}
          disabled={locked}
        />
        <TextAreaField
          label="说明（选填）"
          className="act-edit__textarea"
          value={d.description}
          onChange={(description) => setD({ ...d, description })}
          maxlength={2000}
          placeholder="议程、第一议题、需携带的材料等"
          disabled={textLocked}
        />
      </Card>

      <FormError message={error} />

      {!cancelled ? (
        <View className="act-edit__actions">
          <Button block loading={busy} onClick={() => void save()}>
            {activity ? (started ? '保存名称与说明' : '保存修改') : '发起活动'}
          </Button>
        </View>
      ) : null}

      {activity && !cancelled ? (
        <Card title="取消活动">
          {cancelling ? (
            <View>
              <TextField
                label="取消原因（成员可见）"
                value={reason}
                onChange={setReason}
                maxlength={200}
                placeholder="例如：与学院会议冲突，改期另行通知"
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
