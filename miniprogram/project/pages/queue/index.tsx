import { useState } from 'react';
import { Image, Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import type { TProjectQueueItem, TProjectQueueOutput } from '@contract/project';
import { Badge, Card, ListItem, Loaded, StateView } from '@/components';
import BranchPicker from '@/components/BranchPicker';
import MoreFooter from '@/components/MoreFooter';
import { useLoad } from '@/hooks/useLoad';
import { useMore, type MoreState } from '@/hooks/useMore';
import { useSession } from '@/hooks/useSession';
import { callApi } from '@/services/api';
import { go, ROUTES } from '@/utils/nav';
import { dayTime } from '../../lib/common';
import '../../lib/project.scss';

/**
 * 认领审批与成果验收: claims waiting for approval and results waiting for acceptance, the longest
 * waiting first, a page at a time (加载更多 asks the server for the next page), and the members to
 * call. A leader or secretary sees their own projects'; an admin the whole university's, or one
 * branch's (支部 picker).
 */
export default function ProjectQueuePage() {
  const params = useRouter().params;
  const projectId = params.projectId;
  const { isAdmin } = useSession();
  const [branchId, setBranchId] = useState<string | null>(params.branchId ?? null);
  const ask = (cursor?: string) =>
    callApi('project', 'queue', {
      ...(projectId ? { projectId } : {}),
      ...(branchId && !projectId ? { branchId } : {}),
      ...(cursor ? { cursor } : {}),
    });
  const q = useLoad<TProjectQueueOutput>(() => ask(), [projectId, branchId], { when: 'show' });
  const { more, loadMore } = useMore(q, async (cur) => {
    if (!cur.nextCursor) return (x) => x;
    const page = await ask(cur.nextCursor);
    return (x) => ({
      ...page,
      items: [...x.items, ...page.items.filter((i) => !x.items.some((c) => c.claimId === i.claimId))],
    });
  });
  return (
    <View className="page prj-queue">
      {isAdmin && !projectId ? <Scope value={branchId} onChange={setBranchId} /> : null}
      <Loaded load={q.load} onRetry={() => void q.reload()} loadingText="正在加载待办…">
        {(queue) => (
          <Queue
            queue={queue}
            more={more}
            onMore={() => void loadMore()}
            scope={isAdmin && !projectId ? (branchId ? '本支部' : '全校') : ''}
          />
        )}
      </Loaded>
    </View>
  );
}

/** Admins: the whole university, or one branch. */
function Scope({ value, onChange }: { value: string | null; onChange: (id: string | null) => void }) {
  return <BranchPicker value={value} onChange={(id) => onChange(id)} allText="全部支部" />;
}

function Queue({
  queue,
  more,
  onMore,
  scope,
}: {
  queue: TProjectQueueOutput;
  more: MoreState;
  onMore: () => void;
  scope: string;
}) {
  const { items, unreachable, totals, nextCursor } = queue;
  const all = totals.claims + totals.results;
  const open = (claimId: string) => go(`${ROUTES.projectClaim}?id=${encodeURIComponent(claimId)}`);
  return (
    <>
      <View className="prj-queue__totals">
        <View className="prj-queue__total">
          <Text className="prj-queue__num">{totals.claims}</Text>
          <Text className="muted">待审批的认领</Text>
        </View>
        <View className="prj-queue__total">
          <Text className="prj-queue__num">{totals.results}</Text>
          <Text className="muted">待验收的成果</Text>
        </View>
        <View className="prj-queue__total">
          <Text className="prj-queue__num">{totals.unreachable}</Text>
          <Text className="muted">需电话联系</Text>
        </View>
      </View>
      <Card title={`${scope}待处理（${all}）`} extra={<Text className="muted">等待最久的在前</Text>}>
        {items.length === 0 ? <StateView state="empty" text="没有待审批的认领或待验收的成果" /> : null}
        {items.map((i) => (
          <QueueItem key={i.claimId} i={i} onOpen={() => open(i.claimId)} />
        ))}
        <MoreFooter
          more={more}
          hasMore={!!nextCursor}
          shown={items.length}
          onMore={onMore}
          label={`加载更多（已显示 ${items.length} / ${all}）`}
          endText={`已显示全部 ${items.length} 项`}
        />
      </Card>
      <Card title={`长期无进展、未订阅提醒（${totals.unreachable}）`}>
        {unreachable.length === 0 ? <StateView state="empty" text="没有需要电话联系的成员" /> : null}
        {unreachable.map((u) => (
          <ListItem
            key={u.claimId}
            title={`${u.memberName}：${u.taskTitle}`}
            description={`${dayTime(u.releaseAt)} 前无进展将自动释放，请及时联系`}
            onClick={() => open(u.claimId)}
          />
        ))}
        {totals.unreachable > unreachable.length ? (
          <Text className="prj-queue__end muted">
            仅列出最早将被释放的 {unreachable.length} 人{scope === '全校' ? '，可按支部查看其余' : ''}
          </Text>
        ) : null}
      </Card>
    </>
  );
}

function QueueItem({ i, onOpen }: { i: TProjectQueueItem; onOpen: () => void }) {
  if (i.kind === 'claim')
    return (
      <ListItem
        title={`${i.memberName} 认领「${i.taskTitle}」`}
        description={`${i.projectTitle} · ${dayTime(i.at)} 认领`}
        extra={<Badge tone="warning">待审批</Badge>}
        onClick={onOpen}
      />
    );
  return (
    <ListItem
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
                  e.url ? <Image key={e.fileId} className="prj-photo" src={e.url} mode="aspectFill" /> : null,
                )}
            </View>
          ) : null}
          {i.ownClaim ? <Text className="prj-task__line">本人认领，需由其他负责人验收</Text> : null}
        </View>
      }
      extra={<Badge tone="primary">待验收</Badge>}
      onClick={onOpen}
    />
  );
}
