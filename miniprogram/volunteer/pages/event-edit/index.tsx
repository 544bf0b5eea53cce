import { useState } from 'react';
import { Input, Picker, Switch, Text, Textarea, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { dateLabel } from '@/utils/time';
import { Button, Card } from '@/components';
import { callApi, errorText, isApiError } from '@/services/api';
import { VOLUNTEER_ROUTES as R } from '../../lib';
import '../../../styles/form.scss';
import './index.scss';

const HOUR = 3_600_000;
const pad = (n: number) => String(n).padStart(2, '0');
/** `YYYY-MM-DD` / `HH:mm` in Asia/Shanghai for the pickers. */
function parts(ms: number) {
  const d = new Date(ms + 8 * HOUR);
  return {
    date: `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`,
    time: `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`,
  };
}
const toMs = (date: string, time: string) => Date.parse(`${date}T${time}:00+08:00`);

/** A leader creates a volunteer event for their team: title, time, capacity, sign-up deadline. */
export default function EventEditPage() {
  const { teamId = '' } = useRouter().params;
  const tomorrow = Math.ceil((Date.now() + 24 * HOUR) / HOUR) * HOUR;
  const [title, setTitle] = useState('');
  const [date, setDate] = useState(parts(tomorrow).date);
  const [start, setStart] = useState('09:00');
  const [end, setEnd] = useState('12:00');
  const [capacity, setCapacity] = useState('20');
  const [closeHours, setCloseHours] = useState('2');
  const [description, setDescription] = useState('');
  const [location, setLocation] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [fields, setFields] = useState<string[]>([]);

  const submit = async () => {
    setBusy(true);
    setError('');
    setFields([]);
    try {
      const startAt = toMs(date, start);
      const endAt = toMs(date, end);
      const r = await callApi('volunteer', 'createEvent', {
        teamId,
        title: title.trim(),
        startAt,
        endAt,
        capacity: Number(capacity),
        signupClosesAt: startAt - Number(closeHours || 0) * HOUR,
        ...(description.trim() ? { description: description.trim() } : {}),
        checkin: { proof: 'rotating', requireLocation: location, checkOut: true },
      });
      void Taro.showToast({ title: '已发布', icon: 'success' });
      void Taro.redirectTo({ url: `${R.events}?teamId=${teamId}&created=${r.activityId}` });
    } catch (e) {
      setError(errorText(e));
      if (isApiError(e)) setFields((e.details?.fields ?? []).map((f) => f.path.replace(/^payload\./, '')));
    } finally {
      setBusy(false);
    }
  };
  const bad = (f: string) => (fields.includes(f) ? ' vedit--bad' : '');

  return (
    <View className="page vedit">
      <Card title="发起志愿活动">
        <View className={`form__field${bad('title')}`}>
          <Text className="form__label">活动名称</Text>
          <Input
            className="ui-input"
            value={title}
            placeholder="如：社区义诊·测血压"
            onInput={(e) => setTitle(e.detail.value)}
          />
        </View>
        <View className="form__field">
          <Text className="form__label">日期</Text>
          <Picker mode="date" value={date} onChange={(e) => setDate(String(e.detail.value))}>
            <View className="form__picker">{dateLabel(date)}</View>
          </Picker>
        </View>
        <View className={`form__field${bad('startAt')}`}>
          <Text className="form__label">开始</Text>
          <Picker mode="time" value={start} onChange={(e) => setStart(String(e.detail.value))}>
            <View className="form__picker">{start}</View>
          </Picker>
        </View>
        <View className={`form__field${bad('endAt')}`}>
          <Text className="form__label">结束</Text>
          <Picker mode="time" value={end} onChange={(e) => setEnd(String(e.detail.value))}>
            <View className="form__picker">{end}</View>
          </Picker>
        </View>
        <View className={`form__field${bad('capacity')}`}>
          <Text className="form__label">名额（人）</Text>
          <Input
            className="ui-input"
            type="number"
            value={capacity}
            onInput={(e) => setCapacity(e.detail.value)}
          />
        </View>
        <View className={`form__field${bad('signupClosesAt')}`}>
          <Text className="form__label">开始前多少小时截止报名</Text>
          <Input
            className="ui-input"
            type="digit"
            value={closeHours}
            onInput={(e) => setCloseHours(e.detail.value)}
          />
        </View>
        <View className="form__field vedit__switch">
          <Text className="form__label">签到签退需要定位</Text>
          <Switch checked={location} onChange={(e) => setLocation(e.detail.value)} />
        </View>
        <View className="form__field">
          <Text className="form__label">说明（可选）</Text>
          <Textarea
            className="vedit__text"
            value={description}
            maxlength={2000}
            onInput={(e) => setDescription(e.detail.value)}
          />
        </View>
        {error ? <Text className="form__error vedit__error">{error}</Text> : null}
        <Button block loading={busy} disabled={!title.trim()} onClick={() => void submit()}>
          发布
        </Button>
      </Card>
    </View>
  );
}
