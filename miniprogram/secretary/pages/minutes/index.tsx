import { useState } from 'react';
import { View, Text, Input } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import type { TSaveMinutesInput } from '@contract/attendance';
import { Badge, Button, Card, Loaded, MissingParam, TextAreaField, TextField } from '@/components';
import { useAction } from '@/hooks/useAction';
import { useLoad } from '@/hooks/useLoad';
import { ApiError, callApi, isApiError } from '@/services/api';
import { MINUTES_STATUS_LABELS } from '@/utils/labels';
import { formatRange } from '@/utils/time';
import '../../lib/shared.scss';
import './index.scss';

type Key = 'chair' | 'recorder' | 'place' | 'firstTopic' | 'keyPoints' | 'decisions';
const FIELDS: { key: Key; label: string; long?: boolean; placeholder: string }[] = [
  { key: 'chair', label: '主持人', placeholder: '主持人姓名' },
  { key: 'recorder', label: '记录人', placeholder: '记录人姓名' },
  { key: 'firstTopic', label: '第一议题', long: true, placeholder: '学习内容（第一议题）' },
  { key: 'keyPoints', label: '主要内容', long: true, placeholder: '会议讨论的主要内容' },
  { key: 'decisions', label: '决议', long: true, placeholder: '会议作出的决定；没有请填“无”' },
];

/**
 * 会议记录 of one activity (`?activityId=`): time, place, attendance and absentees with reasons are
 * filled in from the records; the secretary types chair, recorder, 第一议题, key points and
 * decisions. 标记完成 is refused (MINUTES_INCOMPLETE) while anything required is empty, and the
 * page names what is missing.
 */
export default function MinutesPage() {
  const { activityId = '' } = useRouter().params;
  const [form, setForm] = useState<Partial<Record<Key, string>>>({});
  const [reasons, setReasons] = useState<Record<string, string>>({});
  const { running: busy, msg, run } = useAction();
  const error = msg?.text;
  const [missing, setMissing] = useState<{ path: string; message: string }[]>([]);

  const minutes = useLoad(
    async () => {
      const m = await callApi('attendance', 'getMinutes', { activityId });
      if (!m) throw new ApiError('NOT_FOUND');
      setForm({
        chair: m.chair ?? '',
        recorder: m.recorder ?? '',
        place: m.place ?? '',
        firstTopic: m.firstTopic ?? '',
        keyPoints: m.keyPoints ?? '',
        decisions: m.decisions ?? '',
      });
      setReasons(
        Object.fromEntries(
          (m.absentees ?? []).filter((a) => a.kind === 'absent').map((a) => [a.memberId, a.reason ?? '']),
        ),
      );
      return m;
    },
    [activityId],
    { enabled: Boolean(activityId) },
  );

  const save = async (complete: boolean) => {
    setMissing([]);
    const payload: TSaveMinutesInput = { activityId, complete };
    for (const f of [...FIELDS.map((x) => x.key), 'place' as const]) {
      const v = (form[f] ?? '').trim();
      if (v) payload[f] = v;
    }
    const abs = Object.entries(reasons)
      .filter(([, r]) => r.trim())
      .map(([memberId, reason]) => ({ memberId, reason: reason.trim() }));
    if (abs.length) payload.absentees = abs;
    await run(
      async () => {
        const r = await callApi('attendance', 'saveMinutes', payload);
        void minutes.reload({ quiet: true });
        return r;
      },
      {
        key: complete ? 'complete' : 'save',
        toast: (r) => (r.status === 'complete' ? '已完成' : '已保存'),
        ok: (r) =>
          r.warnings?.includes('no_quorum')
            ? '注意：实到人数未过半数，党员大会决议无效，请在记录中说明。'
            : null,
        fail: (e) => {
          if (!isApiError(e) || e.code !== 'MINUTES_INCOMPLETE') return undefined;
          setMissing((e.details?.fields as { path: string; message: string }[] | undefined) ?? []);
          return '还不能标记完成，请补全以下内容：';
        },
      },
    );
  };

  if (!activityId) return <MissingParam />;
  const m = minutes.data;
  if (!m) {
    return (
      <View className="page">
        <Loaded load={minutes.load} onRetry={() => void minutes.reload()} loadingText="正在生成会议记录…">
          {() => null}
        </Loaded>
      </View>
    );
  }
  const a = m.attendance;
  // the server's message for a field it found missing, shown under that field
  const missingOf = (key: string) => missing.find((x) => x.path.split('.')[0] === key)?.message;
  return (
    <View className="page minutes">
      <Card
        title={m.activityTitle ?? '会议记录'}
        extra={
          <Badge tone={m.status === 'complete' ? 'success' : 'warning'}>
            {MINUTES_STATUS_LABELS[m.status]}
          </Badge>
        }
      >
        <View className="kv">
          <Text className="kv__k">时间</Text>
          <Text>{m.startAt && m.endAt ? formatRange(m.startAt, m.endAt) : '—'}</Text>
        </View>
        <TextField
          label="地点"
          inputClassName="minutes__input"
          value={form.place ?? ''}
          placeholder="会议地点"
          error={missingOf('place')}
          onChange={(place) => setForm({ ...form, place })}
        />
        {a ? (
          <View className="minutes__attendance">
            <Text>应到 {a.expected} 人</Text>
            <Text>实到 {a.present} 人</Text>
            <Text>请假 {a.leave} 人</Text>
            <Text>缺席 {a.absent} 人</Text>
            {a.pending ? <Text className="minutes__warn">待审核 {a.pending} 人</Text> : null}
          </View>
        ) : null}
        {m.quorum?.matters ? (
          <Text className={m.quorum.met ? 'minutes__ok' : 'minutes__warn'}>
            {m.quorum.met ? `已过半数（需 ${m.quorum.needed} 人）` : `未过半数（需 ${m.quorum.needed} 人）`}
          </Text>
        ) : null}
      </Card>
      <Card title="会议内容">
        {FIELDS.map((f) =>
          f.long ? (
            <TextAreaField
              key={f.key}
              label={f.label}
              className="minutes__textarea"
              value={form[f.key] ?? ''}
              maxlength={f.key === 'firstTopic' ? 200 : 5000}
              placeholder={f.placeholder}
              error={missingOf(f.key)}
              onChange={(v) => setForm({ ...form, [f.key]: v })}
            />
          ) : (
            <TextField
              key={f.key}
              label={f.label}
              inputClassName="minutes__input"
              value={form[f.key] ?? ''}
              placeholder={f.placeholder}
              error={missingOf(f.key)}
              onChange={(v) => setForm({ ...form, [f.key]: v })}
            />
          ),
        )}
      </Card>
      <Card title={`缺席人员（${(m.absentees ?? []).length}）`}>
        {(m.absentees ?? []).length === 0 ? <Text className="muted">全员到会</Text> : null}
        {(m.absentees ?? []).map((p) => (
          <View key={p.memberId} className="minutes__absentee">
            <Text className="minutes__name">{p.name}</Text>
            {p.kind === 'absent' ? (
              <Input
                className="ui-input minutes__reason"
                value={reasons[p.memberId] ?? ''}
                placeholder="缺席原因"
                onInput={(e) => setReasons({ ...reasons, [p.memberId]: e.detail.value })}
              />
            ) : (
              <Text className={p.kind === 'pending' ? 'minutes__warn' : 'muted'}>
                {p.kind === 'pending' ? '待审核，请先处理' : p.reason}
              </Text>
            )}
          </View>
        ))}
      </Card>
      {error ? (
        <View className="form-alert">
          <Text>{error}</Text>
          {missing.map((x) => (
            <Text key={x.path} className="minutes__missing">
              · {x.message}
            </Text>
          ))}
        </View>
      ) : null}
      <View className="minutes__actions">
        <Button
          type="secondary"
          loading={busy === 'save'}
          disabled={busy !== null}
          onClick={() => void save(false)}
        >
          保存草稿
        </Button>
        <Button loading={busy === 'complete'} disabled={busy !== null} onClick={() => void save(true)}>
          标记完成
        </Button>
      </View>
    </View>
  );
}
