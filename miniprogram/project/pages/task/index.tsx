import { Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import type { TGetProjectOutput } from '@contract/project';
import { Badge, Button, Card, ListItem, StateView } from '@/components';
import { callApi } from '@/services/api';
import { go, ROUTES } from '@/utils/nav';
import {
  CLAIM_TONES,
  claimLabel,
  dayTime,
  dueText,
  ReasonConfirm,
  Result,
  TASK_TONES,
  taskLabel,
  Screen,
} from '../../lib/common';
import { useAction } from '@/hooks/useAction';
import '../../lib/project.scss';

/** One task (post): duty, due date, seats and holders; claim it, or release my claim with a reason. */
export default function TaskPage() {
  const { projectId = '', taskId = '' } = useRouter().params;
  return (
    <Screen
      className="prj-task"
      fetch={() => callApi('project', 'get', { projectId })}
      deps={[projectId]}
      loadingText="正在加载任务…"
    >
      {(p, reload) => <Task p={p} taskId={taskId} reload={reload} />}
    </Screen>
  );
}

function Task({ p, taskId, reload }: { p: TGetProjectOutput; taskId: string; reload: () => void }) {
  const { busy, msg, setMsg, run } = useAction();

  const t = p.taskList.find((x) => x.id === taskId);
  if (!t) return <StateView state="empty" text="任务不存在或已被删除" />;
  const mine = t.myClaim;
  const open = mine && ['pending', 'active', 'in_review'].includes(mine.status);

  const claim = async () => {
    const done = await run(() => callApi('project', 'claim', { taskId }), {
      ok: (r) =>
        r.duplicate
          ? `你已认领该岗位（${claimLabel(r.status)}）`
          : r.status === 'pending'
            ? '已提交认领，等待负责人审批'
            : '认领成功！记得及时更新进展',
    });
    if (done) reload();
  };
  /** Releases my claim with the reason typed; answers whether it did. */
  const release = async (reason: string) => {
    if (!mine) return false;
    if (!reason) {
      setMsg({ ok: false, text: '请填写释放原因' });
      return false;
    }
    const done = await run(() => callApi('project', 'release', { claimId: mine.claimId, reason }), {
      ok: '已释放该岗位，名额已重新开放',
    });
    if (done) reload();
    return done !== null;
  };

  return (
    <>
      <Card title={t.title} extra={<Badge tone={TASK_TONES[t.state]}>{taskLabel(t.state)}</Badge>}>
        <Text className="prj-card__meta">所属项目：{p.title}</Text>
        <Text className="form__label">职责与完成标准</Text>
        <Text className="prj-goal">{t.duty}</Text>
        <ListItem title="截止" extra={<Text>{dueText(t.dueAt)}</Text>} arrow={false} />
        <ListItem title="名额" extra={<Text>{`${t.taken}/${t.capacity} 人`}</Text>} arrow={false} />
        <ListItem title="验收人" extra={<Text>{t.reviewerName}</Text>} arrow={false} />
        <ListItem
          title="要求"
          extra={
            <Text>
              {[
                t.requiresApproval ? '认领需负责人审批' : '认领即生效',
                t.evidenceRequired ? '成果需附照片' : '',
              ]
                .filter(Boolean)
                .join('，')}
            </Text>
          }
          arrow={false}
        />
      </Card>

      <Result msg={msg} />

      <Card title="责任人">
        {t.holders.length === 0 ? <StateView state="empty" text="暂无人认领" /> : null}
        {t.holders.map((h) => (
          <ListItem
            key={h.claimId}
            title={h.name}
            description={`${dayTime(h.claimedAt)} 认领${h.lastProgressAt ? ` · 最近进展 ${dayTime(h.lastProgressAt)}` : ''}`}
            extra={<Badge tone={CLAIM_TONES[h.status]}>{claimLabel(h.status)}</Badge>}
            onClick={() => go(`${ROUTES.projectClaim}?id=${encodeURIComponent(h.claimId)}`)}
          />
        ))}
      </Card>

      <View className="prj-actions">
        {t.claimable && !open ? (
          <Button block loading={busy} disabled={busy} onClick={() => void claim()}>
            认领该岗位
          </Button>
        ) : null}
        {!t.claimable && !mine && p.status === 'active' ? (
          <Text className="muted">
            {t.state === 'overdue'
              ? '已过截止时间，不能认领'
              : t.taken >= t.capacity
                ? '名额已满'
                : '你不在该项目的认领范围内'}
          </Text>
        ) : null}
        {mine ? (
          <Button
            block
            type="secondary"
            onClick={() => go(`${ROUTES.projectClaim}?id=${encodeURIComponent(mine.claimId)}`)}
          >
            {mine.status === 'active' ? '更新进展 / 提交成果' : '查看我的认领'}
          </Button>
        ) : null}
        {open && mine && (mine.status === 'active' || mine.status === 'pending') && p.status === 'active' ? (
          <ReasonConfirm
            openText="释放该岗位"
            label="释放原因（必填，负责人可见）"
            placeholder="例如：临时外派，无法按期完成"
            confirmText="确认释放"
            busy={busy}
            onConfirm={release}
          />
        ) : null}
      </View>
    </>
  );
}
