import { Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import type { TListProjectsOutput } from '@contract/project';
import { CATEGORY_LABELS, OPEN_TO_LABELS, PROJECT_STATUS_LABELS } from '@contract/labels';
import { Badge, Button, Loaded } from '@/components';
import MoreFooter from '@/components/MoreFooter';
import { callApi } from '@/services/api';
import { hasRole } from '@/stores/session';
import { go, ROUTES } from '@/utils/nav';
import { useLoad } from '@/hooks/useLoad';
import { useMore } from '@/hooks/useMore';
import { useSession } from '@/hooks/useSession';
import { Completion, day } from '../../lib/common';
import '../../lib/project.scss';

/**
 * 行动项目: the projects the member may see (own branch, cross-branch ones, the ones they lead), the
 * newest first with completion, a page at a time (加载更多 asks the server for the next page).
 */
export default function ProjectListPage() {
  const session = useSession();
  const branchId = useRouter().params.branchId;
  const isStaff = hasRole(session, 'secretary') || hasRole(session, 'admin');
  const scope = branchId ? { branchId } : {};
  const projects = useLoad(() => callApi('project', 'list', scope), [branchId], { when: 'show' });
  const { more, loadMore } = useMore(projects, async (cur) => {
    if (!cur.nextCursor) return (x) => x;
    const page = await callApi('project', 'list', { ...scope, cursor: cur.nextCursor });
    return (x) => ({
      items: [...x.items, ...page.items.filter((p) => !x.items.some((q) => q.id === p.id))],
      nextCursor: page.nextCursor,
    });
  });
  return (
    <View className="page prj">
      <View className="prj__top">
        <Button block onClick={() => go(ROUTES.projectMine)}>
          我的任务
        </Button>
        {isStaff || projects.data?.items.some((p) => p.canManage) ? (
          <Button block type="secondary" onClick={() => go(ROUTES.projectQueue)}>
            认领审批与成果验收
          </Button>
        ) : null}
        {isStaff ? (
          <Button block type="secondary" onClick={() => go(ROUTES.projectEdit)}>
            创建行动项目
          </Button>
        ) : null}
        {isStaff ? (
          <Button block type="secondary" onClick={() => go(ROUTES.projectOverview)}>
            {hasRole(session, 'admin') ? '各支部项目概览与责任清单' : '本支部概览与责任清单'}
          </Button>
        ) : null}
      </View>
      <Loaded
        load={projects.load}
        onRetry={() => void projects.reload()}
        loadingText="正在加载行动项目…"
        emptyText="暂时没有可参与的行动项目"
        isEmpty={(d) => d.items.length === 0}
      >
        {(d) => (
          <>
            {d.items.map((p) => (
              <ProjectCard key={p.id} p={p} />
            ))}
            <MoreFooter
              more={more}
              hasMore={!!d.nextCursor}
              shown={d.items.length}
              onMore={() => void loadMore()}
              endText={`已显示全部 ${d.items.length} 个项目`}
            />
          </>
        )}
      </Loaded>
    </View>
  );
}

function ProjectCard({ p }: { p: TListProjectsOutput['items'][number] }) {
  return (
    <View className="prj-card" role="button" onClick={() => go(`${ROUTES.projectBoard}?id=${p.id}`)}>
      <View className="prj-card__head">
        <Text className="prj-card__title">{p.title}</Text>
        <Badge tone={p.status === 'active' ? 'primary' : p.status === 'draft' ? 'warning' : 'default'}>
          {PROJECT_STATUS_LABELS[p.status]}
        </Badge>
      </View>
      <Text className="prj-card__meta">
        {p.branchName} · 负责人 {p.leaderName}
        {p.category ? ` · ${CATEGORY_LABELS[p.category]}` : ''}
      </Text>
      <Text className="prj-card__meta">
        {OPEN_TO_LABELS[p.openTo]}可认领 · {day(p.dueAt)}截止
      </Text>
      <Completion p={p} />
    </View>
  );
}
