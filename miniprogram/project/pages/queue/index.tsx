import { Image, Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import type { TProjectQueueOutput } from '@contract/project';
import { Badge, Card, ListItem, StateView } from '@/components';
import { callApi } from '@/services/api';
import { go, ROUTES } from '@/utils/nav';
import { dayTime, Screen } from '../../lib/common';
import '../../lib/project.scss';

/** The leader's queue: claims waiting for approval, results waiting for review, members to call. */
export default function ProjectQueuePage() {
  const projectId = useRouter().params.projectId;
  return (
    <Screen
      className="prj-queue"
      fetch={() => callApi('project', 'queue', projectId ? { projectId } : {})}
      deps={[projectId]}
      loadingText="正在加载待办…"
    >
      {(queue) => <Queue queue={queue} />}
    </Screen>
  );
}

/** The three lists of the queue, each with its own empty state. */
function Queue({ queue }: { queue: TProjectQueueOutput }) {
  const { items, unreachable } = queue;
  const claims = items.filter((i) => i.kind === 'claim');
  const results = items.filter((i) => i.kind === 'result');
  const open = (claimId: string) => go(`${ROUTES.projectClaim}?id=${encodeURIComponent(claimId)}`);
  return (
    <>
      <Card title={`待审批的认领（${claims.length}）`}>
        {claims.length === 0 ? <StateView state="empty" text="没有待审批的认领" /> : null}
        {claims.map((i) => (
          <ListItem
            key={i.claimId}
            title={`${i.memberName} 认领「${i.taskTitle}」`}
            description={`${i.projectTitle} · ${dayTime(i.at)}`}
            extra={<Badge tone="warning">待审批</Badge>}
            onClick={() => open(i.claimId)}
          />
        ))}
      </Card>
      <Card title={`待验收的成果（${results.length}）`}>
        {results.length === 0 ? <StateView state="empty" text="没有待验收的成果" /> : null}
        {results.map((i) => (
          <ListItem
            key={i.claimId}
            title={`${i.memberName}：${i.taskTitle}`}
            description={
              <View className="prj-task__desc">
                <Text className="prj-task__line">
                  {i.projectTitle} · {dayTime(i.at)} 提交
                </Text>
                {i.result ? <Text className="prj-history__text">{i.result}</Text> : null}
                {i.evidence.length ? (
                  <View className="prj-photos">
                    {i.evidence
                      .slice(0, 3)
                      .map((e) =>
                        e.url ? (
                          <Image key={e.fileId} className="prj-photo" src={e.url} mode="aspectFill" />
                        ) : null,
                      )}
                  </View>
                ) : null}
                {i.ownClaim ? <Text className="prj-task__line">本人认领，需由其他负责人验收</Text> : null}
              </View>
            }
            extra={<Badge tone="warning">待验收</Badge>}
            onClick={() => open(i.claimId)}
          />
        ))}
      </Card>
      <Card title={`长期无进展、未订阅提醒（${unreachable.length}）`}>
        {unreachable.length === 0 ? <StateView state="empty" text="没有需要电话联系的成员" /> : null}
        {unreachable.map((u) => (
          <ListItem
            key={u.claimId}
            title={`${u.memberName}：${u.taskTitle}`}
            description={`${dayTime(u.releaseAt)} 前无进展将自动释放，请及时联系`}
            onClick={() => open(u.claimId)}
          />
        ))}
      </Card>
    </>
  );
}
