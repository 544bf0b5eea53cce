import { useState } from 'react';
import { View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { Button, Card, DateTimeField, FormError, SwitchField, TextAreaField, TextField } from '@/components';
import { ROUTES } from '@/utils/nav';
import { useAction } from '@/hooks/useAction';
import { callApi, invalidFields } from '@/services/api';
import { dateLabel, pickedInstant, pickerDate } from '@/utils/time';

const HOUR = 3_600_000;
const BAD = '请检查此项';

/** A leader creates a volunteer event for their team: title, time, capacity, sign-up deadline. */
export default function EventEditPage() {
  const { teamId = '' } = useRouter().params;
  const [title, setTitle] = useState('');
  const [date, setDate] = useState(() => pickerDate(Date.now() + 24 * HOUR));
  const [start, setStart] = useState('09:00');
  const [end, setEnd] = useState('12:00');
  const [capacity, setCapacity] = useState('20');
  const [closeHours, setCloseHours] = useState('2');
  const [description, setDescription] = useState('');
  const [location, setLocation] = useState(false);
  const { busy, msg, run } = useAction();
  const [bad, setBad] = useState<Record<string, string>>({});

  const submit = async () => {
    setBad({});
    await run(
      async () => {
        const startAt = pickedInstant(date, start);
        const r = await callApi('volunteer', 'createEvent', {
          teamId,
          title: title.trim(),
          startAt,
          endAt: pickedInstant(date, end),
          capacity: Number(capacity),
          signupClosesAt: startAt - Number(closeHours || 0) * HOUR,
          ...(description.trim() ? { description: description.trim() } : {}),
          checkin: { proof: 'rotating', requireLocation: location, checkOut: true },
        });
        void Taro.showToast({ title: '已发布', icon: 'success' });
        void Taro.redirectTo({ url: `${ROUTES.volunteerEvents}?teamId=${teamId}&created=${r.activityId}` });
      },
      {
        fail: (e) => {
          setBad(invalidFields(e, BAD));
          return undefined;
        },
      },
    );
  };

  return (
    <View className="page">
      <Card title="发起志愿活动">
        <TextField
          label="活动名称"
          value={title}
          placeholder="如：社区义诊·测血压"
          onChange={setTitle}
          error={bad.title}
        />
        <DateTimeField label="日期" mode="date" value={date} display={dateLabel(date)} onChange={setDate} />
        <DateTimeField label="开始" mode="time" value={start} onChange={setStart} error={bad.startAt} />
        <DateTimeField label="结束" mode="time" value={end} onChange={setEnd} error={bad.endAt} />
        <TextField
          label="名额（人）"
          type="number"
          value={capacity}
          onChange={setCapacity}
          error={bad.capacity}
        />
        <TextField
          label="开始前多少小时截止报名"
          type="digit"
          value={closeHours}
          onChange={setCloseHours}
          error={bad.signupClosesAt}
        />
        <SwitchField label="签到签退需要定位" checked={location} onChange={setLocation} />
        <TextAreaField
          label="说明（可选）"
          value={description}
          maxlength={2000}
          onChange={setDescription}
          error={bad.description}
        />
        <FormError message={msg?.text} />
        <Button block loading={busy} disabled={!title.trim()} onClick={() => void submit()}>
          发布
        </Button>
      </Card>
    </View>
  );
}
