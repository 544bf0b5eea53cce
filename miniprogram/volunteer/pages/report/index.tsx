import { useState } from 'react';
import { Image, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { TTeamSummary } from '@contract/volunteer';
import {
  Button,
  Card,
  DateTimeField,
  Field,
  FormError,
  Loaded,
  PrivacySheet,
  SelectField,
  TextAreaField,
  TextField,
} from '@/components';
import { useAction } from '@/hooks/useAction';
import { useLoad } from '@/hooks/useLoad';
import { pickImages, readAsBase64 } from '@/services/files';
import { callApi, isApiError } from '@/services/api';
import { go, ROUTES } from '@/utils/nav';
import { dateLabel, pickerDate } from '@/utils/time';
import './index.scss';

const MAX_PHOTOS = 6;

/**
 * A member reports service done elsewhere (kind 个人申报): team, title, date, hours, what was done,
 * photos (uploaded through the server, so only my own photos can be attached). A leader approves it.
 */
export default function ReportPage() {
  const teams = useLoad<TTeamSummary[]>(
    async () =>
      (await callApi('volunteer', 'listTeams', { scope: 'mine' })).items.filter(
        (t) => t.myStatus === 'active',
      ),
    [],
    { when: 'show' },
  );
  return (
    <Loaded
      load={teams.load}
      onRetry={() => void teams.reload()}
      emptyText="加入志愿服务队后才能申报时长"
      emptyAction={{ text: '去加入', onClick: () => go(ROUTES.volunteer) }}
    >
      {(list) => <ReportForm teams={list} />}
    </Loaded>
  );
}

function ReportForm({ teams }: { teams: TTeamSummary[] }) {
  const today = pickerDate(Date.now());
  const [teamId, setTeamId] = useState(teams[0].id);
  const [title, setTitle] = useState('');
  const [date, setDate] = useState(today);
  const [hours, setHours] = useState('2');
  const [description, setDescription] = useState('');
  const [photos, setPhotos] = useState<{ fileId: string; url: string }[]>([]);
  const { running, msg, run } = useAction();
  const [done, setDone] = useState(false);

  if (done)
    return (
      <View className="page">
        <Card>
          <Text className="vreport__done">已提交，等待队长审核</Text>
          <Button block onClick={() => void Taro.redirectTo({ url: ROUTES.volunteerHours })}>
            查看我的时长
          </Button>
        </Card>
      </View>
    );

  /** Picks one photo (closing the picker picks none) and uploads it. */
  const addPhoto = async () => {
    const [photo] = await pickImages(1);
    if (!photo) return;
    await run(
      async () => {
        const contentBase64 = await readAsBase64(photo.path);
        const png = photo.ext === 'png' || contentBase64.startsWith('iVBOR');
        const up = await callApi('volunteer', 'uploadEvidence', {
          contentType: png ? 'image/png' : 'image/jpeg',
          contentBase64,
        });
        setPhotos((p) => [...p, up]);
      },
      { key: 'photo', fail: (e) => (isApiError(e) ? undefined : null) },
    );
  };

  const submit = () =>
    run(
      async () => {
        await callApi('volunteer', 'report', {
          teamId,
          title: title.trim(),
          date: Date.parse(`${date}T12:00:00+08:00`),
          hours: Number(hours),
          description: description.trim(),
          ...(photos.length ? { evidenceFileIds: photos.map((p) => p.fileId) } : {}),
        });
        setDone(true);
      },
      { key: 'submit' },
    );

  return (
    <View className="page vreport">
      <PrivacySheet purpose="上报服务时长需要读取你选择的照片，作为服务证明。" />
      <Card title="申报服务时长">
        <SelectField
          label="服务队"
          values={teams.map((t) => t.id)}
          labelOf={(id) => teams.find((t) => t.id === id)?.name ?? ''}
          value={teamId}
          onChange={setTeamId}
        />
        <TextField label="服务名称" value={title} placeholder="如：献血站引导" onChange={setTitle} />
        <DateTimeField
          label="服务日期"
          mode="date"
          value={date}
          end={today}
          display={dateLabel(date)}
          onChange={setDate}
        />
        <TextField label="时长（小时，按 0.5 小时计）" type="digit" value={hours} onChange={setHours} />
        <TextAreaField label="服务内容" value={description} maxlength={1000} onChange={setDescription} />
        <Field label={`现场照片（最多 ${MAX_PHOTOS} 张）`}>
          <View className="vreport__photos">
            {photos.map((p) => (
              <Image key={p.fileId} className="vreport__photo" src={p.url} mode="aspectFill" />
            ))}
          </View>
          {photos.length < MAX_PHOTOS ? (
            <Button
              type="secondary"
              size="small"
              loading={running === 'photo'}
              onClick={() => void addPhoto()}
            >
              添加照片
            </Button>
          ) : null}
        </Field>
        <FormError message={msg?.text} />
        <Button
          block
          loading={running === 'submit'}
          disabled={running === 'photo' || !title.trim() || !description.trim()}
          onClick={() => void submit()}
        >
          提交申报
        </Button>
      </Card>
    </View>
  );
}
