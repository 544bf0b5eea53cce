import { useState } from 'react';
import { Image, Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import type { Rating } from '@contract/enums';
import { RATINGS } from '@contract/enums';
import { HISTORY_ACTION_LABELS, RATING_LABELS } from '@contract/labels';
import type { TGetClaimOutput } from '@contract/project';
import {
  Badge,
  Button,
  Card,
  Chips,
  Field,
  ListItem,
  MissingParam,
  PrivacySheet,
  StateView,
  TextAreaField,
  TextField,
} from '@/components';
import { useAction } from '@/hooks/useAction';
import { callApi } from '@/services/api';
import {
  CLAIM_TONES,
  claimLabel,
  dayTime,
  dueText,
  pickAndUpload,
  type Photo,
  Result,
  Screen,
} from '../../lib/common';
import '../../lib/project.scss';

type Mode = null | 'progress' | 'submit';

/**
 * One claim: its task, status and full history (every transition, nothing deleted). The claimer
 * posts progress and submits the result (with photos); the leader approves a pending claim; the
 * reviewer accepts (with a rating) or returns a result — never their own.
 */
export default function ClaimPage() {
  const raw = useRouter().params.id ?? '';
  // claim ids hold a ':' (task:member); some routers hand the parameter over still percent-encoded
  const id = raw.includes('%') ? decodeURIComponent(raw) : raw;
  if (!id) return <MissingParam text="缺少认领编号" />;
  return (
    <Screen
      className="prj-claim"
      fetch={() => callApi('project', 'getClaim', { claimId: id })}
      deps={[id]}
      loadingText="正在加载…"
    >
      {(d, reload) => <Claim d={d} id={id} reload={reload} />}
    </Screen>
  );
}

function Claim({ d, id, reload }: { d: TGetClaimOutput; id: string; reload: () => void }) {
  const [mode, setMode] = useState<Mode>(null);
  const [text, setText] = useState('');
  const [photos, setPhotos] = useState<Photo[]>([]);
  const action = useAction();
  const { msg } = action;
  /** 添加照片 runs as an action too: its progress is the button's text, and 发布 waits for it. */
  const uploading = action.running === 'photos' ? action.progress : null;
  const busy = action.busy && !uploading;
  const [rating, setRating] = useState<Rating>('good');
  const [reason, setReason] = useState('');

  const c = d.claim;

  /** An action on the claim; when it succeeds the form empties and the claim is read again. */
  const run = async (what: () => Promise<unknown>, ok: string) => {
    if (!(await action.run(what, { ok }))) return;
    setMode(null);
    setText('');
    setPhotos([]);
    setReason('');
    reload();
  };

  const addPhotos = () =>
    action.run(
      async (step) => {
        const got = await pickAndUpload(id, 9 - photos.length, (n) => step(`已上传 ${n} 张…`));
        setPhotos([...photos, ...got]);
      },
      { key: 'photos', progress: '正在上传照片…' },
    );

  const evidence = photos.map((p) => p.fileId);
  const canWork = d.mine && c.status === 'active' && c.projectStatus === 'active';

  return (
    <>
      <PrivacySheet purpose="提交进展需要读取你选择的照片，作为完成情况的佐证。" />
      <Card title={c.taskTitle} extra={<Badge tone={CLAIM_TONES[c.status]}>{claimLabel(c.status)}</Badge>}>
        <Text className="prj-card__meta">
          {c.projectTitle} · 责任人 {c.memberName}
        </Text>
        <Text className="prj-goal">{c.duty}</Text>
        <ListItem title="截止" extra={<Text>{dueText(c.dueAt)}</Text>} arrow={false} />
        {c.releaseAt && c.status === 'active' ? (
          <ListItem
            title="进展提醒"
            description={c.warnedAt ? '已超过一半期限未更新进展' : undefined}
            extra={<Text>{`${dayTime(c.releaseAt)} 前无进展将自动释放`}</Text>}
            arrow={false}
          />
        ) : null}
        {c.rating ? (
          <ListItem title="验收评价" extra={<Text>{RATING_LABELS[c.rating]}</Text>} arrow={false} />
        ) : null}
        {c.returnReason && c.status === 'active' ? (
          <View className="form__note">
            <Text>退回意见：{c.returnReason}</Text>
          </View>
        ) : null}
      </Card>

      <Result msg={msg} />

      {canWork && mode === null ? (
        <View className="prj-actions">
          <Button block onClick={() => setMode('progress')}>
            更新进展
          </Button>
          <Button block type="secondary" onClick={() => setMode('submit')}>
            提交成果
          </Button>
        </View>
      ) : null}

      {canWork && mode !== null ? (
        <Card title={mode === 'progress' ? '更新进展' : '提交成果'}>
          <TextAreaField
            label={mode === 'progress' ? '进展' : '成果'}
            maxlength={mode === 'progress' ? 1000 : 2000}
            placeholder={mode === 'progress' ? '做了什么、遇到什么问题、下一步计划' : '完成情况、成效与数据'}
            value={text}
            onChange={setText}
          />
          {c.evidenceRequired && mode === 'submit' ? (
            <Text className="form__label">本任务的成果需附照片</Text>
          ) : null}
          <View className="prj-photos">
            {photos.map((p) => (
              <Image key={p.fileId} className="prj-photo" src={p.preview} mode="aspectFill" />
            ))}
          </View>
          <View className="prj-actions">
            <Button
              block
              type="secondary"
              loading={!!uploading}
              disabled={!!uploading || photos.length >= 9}
              onClick={() => void addPhotos()}
            >
              {uploading ?? `添加照片（${photos.length}/9）`}
            </Button>
            <View className="form__actions">
              <Button type="secondary" onClick={() => setMode(null)}>
                取消
              </Button>
              <Button
                loading={busy}
                disabled={busy || !!uploading || !text.trim()}
                onClick={() =>
                  void (mode === 'progress'
                    ? run(
                        () =>
                          callApi('project', 'progress', {
                            claimId: id,
                            note: text.trim(),
                            evidenceFileIds: evidence,
                          }),
                        '进展已更新',
                      )
                    : run(
                        () =>
                          callApi('project', 'submit', {
                            claimId: id,
                            result: text.trim(),
                            evidenceFileIds: evidence,
                          }),
                        '成果已提交，等待验收',
                      ))
                }
              >
                {mode === 'progress' ? '发布进展' : '提交验收'}
              </Button>
            </View>
          </View>
        </Card>
      ) : null}

      {d.canReviewClaim ? (
        <Card title="认领审批">
          <Decision
            reason={reason}
            onReason={setReason}
            label="意见"
            placeholder="不批准时请填写原因"
            busy={busy}
            no={{
              text: '不批准',
              run: () =>
                run(
                  () =>
                    callApi('project', 'reviewClaim', {
                      claimId: id,
                      decision: 'reject',
                      reason: reason.trim(),
                    }),
                  '已不批准，名额已重新开放',
                ),
            }}
            yes={{
              text: '批准',
              run: () =>
                run(
                  () => callApi('project', 'reviewClaim', { claimId: id, decision: 'approve' }),
                  '已批准认领',
                ),
            }}
          />
        </Card>
      ) : null}

      {d.canReviewResult ? (
        <Card title="成果验收">
          <Text className="prj-history__text">{c.result}</Text>
          <Field label="评价">
            <Chips
              values={RATINGS}
              labelOf={(r) => RATING_LABELS[r]}
              isOn={(r) => rating === r}
              onPick={setRating}
            />
          </Field>
          <Decision
            reason={reason}
            onReason={setReason}
            label="意见"
            placeholder="退回时请填写修改意见"
            busy={busy}
            no={{
              text: '退回修改',
              run: () =>
                run(
                  () =>
                    callApi('project', 'reviewResult', {
                      claimId: id,
                      decision: 'return',
                      reason: reason.trim(),
                    }),
                  '已退回，责任人修改后可再次提交',
                ),
            }}
            yes={{
              text: '验收通过',
              run: () =>
                run(
                  () => callApi('project', 'reviewResult', { claimId: id, decision: 'accept', rating }),
                  `验收通过（${RATING_LABELS[rating]}）`,
                ),
            }}
          />
        </Card>
      ) : null}
      {d.mine && c.status === 'in_review' ? (
        <View className="form__note">
          <Text>成果已提交，等待验收人验收（本人不能验收自己的成果）。</Text>
        </View>
      ) : null}

      <Card title="全过程记录">
        {d.history.length === 0 ? <StateView state="empty" text="暂无记录" /> : null}
        <View className="prj-history">
          {d.history.map((h, i) => (
            <View key={i} className="prj-history__item">
              <Text className="prj-history__head">
                {HISTORY_ACTION_LABELS[h.action]} · {h.byName}
              </Text>
              <Text className="prj-history__when">{dayTime(h.at)}</Text>
              {h.note ? <Text className="prj-history__text">{h.note}</Text> : null}
              {h.result ? <Text className="prj-history__text">成果：{h.result}</Text> : null}
              {h.rating ? <Text className="prj-history__text">评价：{RATING_LABELS[h.rating]}</Text> : null}
              {h.reason ? <Text className="prj-history__text">原因：{h.reason}</Text> : null}
              {h.evidence?.length ? (
                <View className="prj-photos">
                  {h.evidence.map((e) =>
                    e.url ? (
                      <Image key={e.fileId} className="prj-photo" src={e.url} mode="aspectFill" />
                    ) : null,
                  )}
                </View>
              ) : null}
            </View>
          ))}
        </View>
      </Card>
    </>
  );
}

/** A reviewer's two answers: "no" needs a reason (typed above the buttons), "yes" does not. */
function Decision(p: {
  reason: string;
  onReason: (v: string) => void;
  label: string;
  placeholder: string;
  busy: boolean;
  no: { text: string; run: () => Promise<void> };
  yes: { text: string; run: () => Promise<void> };
}) {
  return (
    <>
      <TextField
        label={p.label}
        maxlength={200}
        placeholder={p.placeholder}
        value={p.reason}
        onChange={p.onReason}
      />
      <View className="form__actions">
        <Button type="secondary" disabled={p.busy || !p.reason.trim()} onClick={() => void p.no.run()}>
          {p.no.text}
        </Button>
        <Button loading={p.busy} disabled={p.busy} onClick={() => void p.yes.run()}>
          {p.yes.text}
        </Button>
      </View>
    </>
  );
}
