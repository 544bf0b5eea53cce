import { useState } from 'react';
import { Image, Input, Picker, Text, Textarea, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { TListTeamsOutput } from '@contract/volunteer';
import { dateLabel } from '@/utils/time';
import { Button, Card, PrivacySheet, StateView } from '@/components';
import { readAsBase64 } from '@/services/files';
import { callApi, errorText, isApiError } from '@/services/api';
import { go, ROUTES } from '@/utils/nav';
import { useLoad, VOLUNTEER_ROUTES as R } from '../../lib';
import '../../../styles/form.scss';
import './index.scss';

const pad = (n: number) => String(n).padStart(2, '0');
function today(): string {
  const d = new Date(Date.now() + 8 * 3_600_000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/**
 * A member reports service done elsewhere (kind 个人申报): team, title, date, hours, what was done,
 * photos (uploaded through the server, so only my own photos can be attached). A leader approves it.
 */
export default function ReportPage() {
  const [load, reload] = useLoad<TListTeamsOutput>(async () =>
    (await callApi('volunteer', 'listTeams')).filter((t) => t.myStatus === 'active'),
  );
  const [teamIdx, setTeamIdx] = useState(0);
  const [title, setTitle] = useState('');
  const [date, setDate] = useState(today());
  const [hours, setHours] = useState('2');
  const [description, setDescription] = useState('');
  const [photos, setPhotos] = useState<{ fileId: string; url: string }[]>([]);
  const [uploading, setUploading] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [done, setDone] = useState(false);

  if (load.state === 'loading') return <StateView state="loading" />;
  if (load.state === 'error')
    return load.code === 'NOT_BOUND' ? (
      <StateView state="error" text={load.message} retryText="去绑定" onRetry={() => go(ROUTES.bind)} />
    ) : (
      <StateView state="error" text={load.message} onRetry={reload} />
    );
  const teams = load.data;
  if (teams.length === 0)
    return (
      <View className="page">
        <Card>
          <StateView
            state="empty"
            text="加入志愿服务队后才能申报时长"
            actionText="去加入"
            onAction={() => go(R.home)}
          />
        </Card>
      </View>
    );
  if (done)
    return (
      <View className="page">
        <Card>
          <Text className="vreport__done">已提交，等待队长审核</Text>
          <Button block onClick={() => void Taro.redirectTo({ url: R.hours })}>
            查看我的时长
          </Button>
        </Card>
      </View>
    );

  const addPhoto = async () => {
    setError('');
    try {
      const pick = await Taro.chooseImage({
        count: 1,
        sizeType: ['compressed'],
        sourceType: ['album', 'camera'],
      });
      const path = pick.tempFilePaths[0];
      if (!path) return;
      setUploading(true);
      const contentBase64 = await readAsBase64(path);
      const png = /\.png$/i.test(path) || contentBase64.startsWith('iVBOR');
      const up = await callApi('volunteer', 'uploadEvidence', {
        contentType: png ? 'image/png' : 'image/jpeg',
        contentBase64,
      });
      setPhotos((p) => [...p, up]);
    } catch (e) {
      if (isApiError(e)) setError(errorText(e));
    } finally {
      setUploading(false);
    }
  };

  const submit = async () => {
    setBusy(true);
    setError('');
    try {
      await callApi('volunteer', 'report', {
        teamId: teams[teamIdx].id,
        title: title.trim(),
        date: Date.parse(`${date}T12:00:00+08:00`),
        hours: Number(hours),
        description: description.trim(),
        ...(photos.length ? { evidenceFileIds: photos.map((p) => p.fileId) } : {}),
      });
      setDone(true);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className="page vreport">
      <PrivacySheet purpose="上报服务时长需要读取你选择的照片，作为服务证明。" />
      <Card title="申报服务时长">
        <View className="form__field">
          <Text className="form__label">服务队</Text>
          <Picker
            mode="selector"
            range={teams.map((t) => t.name)}
            value={teamIdx}
            onChange={(e) => setTeamIdx(Number(e.detail.value))}
          >
            <View className="form__picker">{teams[teamIdx].name}</View>
          </Picker>
        </View>
        <View className="form__field">
          <Text className="form__label">服务名称</Text>
          <Input
            className="ui-input"
            value={title}
            placeholder="如：献血站引导"
            onInput={(e) => setTitle(e.detail.value)}
          />
        </View>
        <View className="form__field">
          <Text className="form__label">服务日期</Text>
          <Picker mode="date" value={date} end={today()} onChange={(e) => setDate(String(e.detail.value))}>
            <View className="form__picker">{dateLabel(date)}</View>
          </Picker>
        </View>
        <View className="form__field">
          <Text className="form__label">时长（小时，按 0.5 小时计）</Text>
          <Input className="ui-input" type="digit" value={hours} onInput={(e) => setHours(e.detail.value)} />
        </View>
        <View className="form__field">
          <Text className="form__label">服务内容</Text>
          <Textarea
            className="vreport__text"
            value={description}
            maxlength={1000}
            onInput={(e) => setDescription(e.detail.value)}
          />
        </View>
        <View className="form__field">
          <Text className="form__label">现场照片（最多 6 张）</Text>
          <View className="vreport__photos">
            {photos.map((p) => (
              <Image key={p.fileId} className="vreport__photo" src={p.url} mode="aspectFill" />
            ))}
          </View>
          {photos.length < 6 ? (
            <Button type="secondary" size="small" loading={uploading} onClick={() => void addPhoto()}>
              添加照片
            </Button>
          ) : null}
        </View>
        {error ? <Text className="form__error vreport__error">{error}</Text> : null}
        <Button
          block
          loading={busy}
          disabled={!title.trim() || !description.trim()}
          onClick={() => void submit()}
        >
          提交申报
        </Button>
      </Card>
    </View>
  );
}
