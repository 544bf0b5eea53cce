import { Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { CATEGORY_LABELS, OPEN_TO_LABELS, PROJECT_STATUS_LABELS } from '@contract/labels';
import type { TGetProjectOutput } from '@contract/project';
import { Badge, Button, Card, ListItem, MissingParam, StateView } from '@/components';
import { callApi } from '@/services/api';
import { go, ROUTES } from '@/utils/nav';
import {
  claimLabel,
  Completion,
  day,
  dueText,
  ReasonConfirm,
  Result,
  TASK_TONES,
  taskLabel,
  Screen,
} from '../../lib/common';
import { useAction } from '@/hooks/useAction';
import '../../lib/project.scss';

/** A project's board: goal, leader, every task with its state and holders; the leader's controls. */
export default function ProjectBoardPage() {
  const id = useRouter().params.id ?? '';
  if (!id) return <MissingParam text="缺少项目编号" />;
  return (
    <Screen
      className="prj-board"
      fetch={() => callApi('project', 'get', { projectId: id })}
      deps={[id]}
      loadingText="正在加载项目…"
    >
      {(p, reload) => <Board p={p} id={id} reload={reload} />}
    </Screen>
  );
}

function Board({ p, id, reload }: { p: TGetProjectOutput; id: string; reload: () => void }) {
  const { busy, msg, run } = useAction();
  const now = Date.now();

  /** Starts or ends the project (with the reason typed, if any); answers whether it did. */
  const act = async (action: 'activate' | 'close', reason = '') => {
    const done = await run(
      () => callApi('project', action, { projectId: id, ...(reason ? { reason } : {}) }),
      {
        ok: (r) =>
          action === 'activate'
            ? '项目已启动，党员现在可以认领岗位'
            : `项目已结束${r.releasedClaims ? `，${r.releasedClaims} 个进行中的认领已释放` : ''}`,
      },
    );
    if (done) reload();
    return done !== null;
  };

  return (
    <>
      <Card
        title={p.title}
        extra={
          <Badge tone={p.status === 'active' ? 'primary' : p.status === 'draft' ? 'warning' : 'default'}>
            {PROJECT_STATUS_LABELS[p.status]}
          </Badge>
        }
      >
        <Text className="prj-goal">{p.goal}</Text>
        <Text className="prj-card__meta">
          {p.branchName} · 负责人 {p.leaderName}
          {p.category ? ` · ${CATEGORY_LABELS[p.category]}` : ''}
        </Text>
        <Text className="prj-card__meta">
          {OPEN_TO_LABELS[p.openTo]}可认领 · {p.startAt ? `${day(p.startAt)} 至 ` : ''}
          {day(p.dueAt)}
        </Text>
        {p.status === 'closed' && p.closedAt ? (
          <Text className="prj-card__meta">
            {day(p.closedAt)}结束{p.closeReason ? `：${p.closeReason}` : ''}（只读）
          </Text>
        ) : null}
        <Completion p={p} />
      </Card>

      <Result msg={msg} />

      {p.canManage && p.status !== 'closed' ? (
        <Card title="负责人操作">
          <View className="prj-actions">
            <Button block type="secondary" onClick={() => go(`${ROUTES.projectEdit}?projectId=${id}`)}>
              添加任务岗位
            </Button>
            {p.status === 'draft' ? (
              <Button block loading={busy} disabled={busy} onClick={() => void act('activate')}>
                启动项目
              </Button>
            ) : null}
            {p.status === 'active' ? (
              <Button block type="secondary" onClick={() => go(`${ROUTES.projectQueue}?projectId=${id}`)}>
                认领审批与成果验收
              </Button>
            ) : null}
            <ReasonConfirm
              openText="结束项目"
              label="结束原因（可选）"
              placeholder="例如：目标已全部完成"
              confirmText="确认结束"
              busy={busy}
              onConfirm={(reason) => act('close', reason)}
            />
          </View>
        </Card>
      ) : null}

      <Card title="任务清单">
        {p.taskList.length === 0 ? (
          <StateView
            state="empty"
            text={p.canManage ? '还没有任务岗位，先添加任务再启动项目' : '还没有任务岗位'}
            actionText={p.canManage && p.status !== 'closed' ? '添加任务岗位' : undefined}
            onAction={() => go(`${ROUTES.projectEdit}?projectId=${id}`)}
          />
        ) : null}
        {p.taskList.map((t) => (
          <ListItem
            key={t.id}
            title={t.title}
            description={
              <View className="prj-task__desc">
                <Text className={`prj-task__line ${t.state === 'overdue' ? 'prj-task__due--late' : ''}`}>
                  {dueText(t.dueAt, now)} · 名额 {t.taken}/{t.capacity}
                  {t.requiresApproval ? ' · 需审批' : ''}
                  {t.evidenceRequired ? ' · 需照片' : ''}
                </Text>
                <Text className="prj-task__line">
                  {t.holders.length
                    ? `责任人：${t.holders.map((h) => `${h.name}（${claimLabel(h.status)}）`).join('、')}`
                    : '暂无人认领'}
                </Text>
                {t.myClaim ? (
                  <Text className="prj-card__counts">我已认领：{claimLabel(t.myClaim.status)}</Text>
                ) : null}
              </View>
            }
            extra={<Badge tone={TASK_TONES[t.state]}>{taskLabel(t.state)}</Badge>}
            onClick={() => go(`${ROUTES.projectTask}?projectId=${id}&taskId=${t.id}`)}
          />
        ))}
      </Card>
    </>
  );
}
