import { Text, View } from '@tarojs/components';
import { RATING_LABELS } from '@contract/labels';
import { Badge, Card, ListItem } from '@/components';
import { callApi } from '@/services/api';
import { go, ROUTES } from '@/utils/nav';
import { CLAIM_TONES, claimLabel, dayTime, dueText, Screen } from '../../lib/common';
import '../../lib/project.scss';

const WAITING = { me: '待我更新进展或提交成果', leader: '等待负责人审批', reviewer: '等待验收' } as const;

/** 我的任务: what I hold, its due date, what waits on me, and what was released or done. */
export default function MyTasksPage() {
  const now = Date.now();
  return (
    <Screen
      className="prj-mine"
      fetch={() => callApi('project', 'myTasks', {})}
      deps={[]}
      loadingText="正在加载我的任务…"
      emptyText="你还没有认领任务"
      emptyAction={{ text: '去看看行动项目', onClick: () => go(ROUTES.projectList) }}
    >
      {(tasks) => (
        <Card
          title={`我的任务（进行中 ${tasks.filter((t) => ['pending', 'active', 'in_review'].includes(t.status)).length}）`}
        >
          {tasks.map((t) => (
            <ListItem
              key={t.claimId}
              title={t.taskTitle}
              description={
                <View className="prj-task__desc">
                  <Text className="prj-task__line">
                    {t.projectTitle} · {t.branchName}
                  </Text>
                  {t.status !== 'done' &&
                  t.status !== 'released' &&
                  t.status !== 'auto_released' &&
                  t.status !== 'rejected' ? (
                    <Text className={`prj-task__line ${t.overdue ? 'prj-task__due--late' : ''}`}>
                      {dueText(t.dueAt, now)}
                    </Text>
                  ) : null}
                  {t.waitingOn ? <Text className="prj-card__counts">{WAITING[t.waitingOn]}</Text> : null}
                  {t.status === 'active' && t.releaseAt && t.warnedAt ? (
                    <Text className="prj-task__line prj-task__due--late">
                      {dayTime(t.releaseAt)} 前无进展将自动释放
                    </Text>
                  ) : null}
                  {t.rating ? (
                    <Text className="prj-task__line">验收评价：{RATING_LABELS[t.rating]}</Text>
                  ) : null}
                  {t.returnReason && t.status === 'active' ? (
                    <Text className="prj-task__line prj-task__due--late">退回意见：{t.returnReason}</Text>
                  ) : null}
                </View>
              }
              extra={<Badge tone={CLAIM_TONES[t.status]}>{claimLabel(t.status)}</Badge>}
              onClick={() => go(`${ROUTES.projectClaim}?id=${encodeURIComponent(t.claimId)}`)}
            />
          ))}
        </Card>
      )}
    </Screen>
  );
}
