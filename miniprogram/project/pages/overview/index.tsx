import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { Card, Loaded, SelectField } from '@/components';
import ExportButton from '@/components/ExportButton';
import MoreFooter from '@/components/MoreFooter';
import { callApi } from '@/services/api';
import { go, ROUTES } from '@/utils/nav';
import { useLoad } from '@/hooks/useLoad';
import { useMore } from '@/hooks/useMore';
import { useSession } from '@/hooks/useSession';
import { yearStart } from '@/utils/time';
import '../../lib/project.scss';

const PERIODS = ['今年', '去年', '全部'] as const;
type Period = (typeof PERIODS)[number];

/**
 * The period as the server's `from`/`to`: the projects under way in a Shanghai calendar year (due in
 * it or later, begun by its end); 全部 is every project of the branches' history.
 */
function range(period: Period): { from?: number; to?: number } {
  if (period === '全部') return {};
  const back = period === '今年' ? 0 : 1;
  return { from: yearStart(Date.now(), back), to: yearStart(Date.now(), back - 1) - 1 };
}

/** The party committee's view: every branch side by side (a page of branches at a time); and the 责任清单 export. */
export default function ProjectOverviewPage() {
  const session = useSession({
    only: ['secretary', 'admin'],
    refusal: '项目概览与责任清单由支部书记和党委组织部查看',
  });
  const [period, setPeriod] = useState<Period>('今年');
  const overview = useLoad(() => callApi('project', 'overview', range(period)), [period], {
    enabled: !session.gate,
    when: 'show',
  });
  // a large university's branches come a page at a time (by name): 加载更多 asks for the next
  const { more, loadMore } = useMore(overview, async (cur) => {
    if (!cur.nextCursor) return (x) => x;
    const page = await callApi('project', 'overview', { ...range(period), cursor: cur.nextCursor });
    return (x) => ({
      rows: [...x.rows, ...page.rows.filter((r) => !x.rows.some((y) => y.branchId === r.branchId))],
      nextCursor: page.nextCursor,
    });
  });
  if (session.gate) return <View className="page">{session.gate}</View>;
  return (
    <View className="page prj-overview">
      <View className="prj__top">
        <ExportButton
          text="导出责任清单（Excel）"
          run={() => callApi('project', 'export', {})}
          doneText={(r) => `责任清单已生成，共 ${r.rows} 行`}
          saveAs="责任清单.xlsx"
        />
      </View>
      <Card title="各支部行动项目">
        <SelectField label="期间" values={PERIODS} labelOf={(p) => p} value={period} onChange={setPeriod} />
        <Loaded
          load={overview.load}
          onRetry={() => void overview.reload()}
          loadingText="正在统计…"
          emptyText="还没有支部"
          isEmpty={(d) => d.rows.length === 0}
        >
          {({ rows, nextCursor }) => (
            <>
              <View className="prj-table">
                <View className="prj-table__row">
                  <Text className="prj-table__name">支部</Text>
                  <Text className="prj-table__num">项目</Text>
                  <Text className="prj-table__num">完成/任务</Text>
                  <Text className="prj-table__num">逾期</Text>
                  <Text className="prj-table__num">无进展</Text>
                  <Text className="prj-table__num">完成率</Text>
                </View>
                {rows.map((r) => (
                  <View
                    key={r.branchId}
                    className="prj-table__row"
                    role="button"
                    onClick={() => go(`${ROUTES.projectList}?branchId=${r.branchId}`)}
                  >
                    <Text className="prj-table__name">{r.branchName}</Text>
                    <Text className="prj-table__num">{r.projects}</Text>
                    <Text className="prj-table__num">
                      {r.done}/{r.tasks}
                    </Text>
                    <Text className="prj-table__num">{r.overdue}</Text>
                    <Text className="prj-table__num">{r.silentClaims}</Text>
                    <Text className="prj-table__num">
                      {r.tasks ? `${Math.round(r.completionRate * 100)}%` : '—'}
                    </Text>
                  </View>
                ))}
              </View>
              <MoreFooter
                more={more}
                hasMore={!!nextCursor}
                shown={rows.length}
                onMore={() => void loadMore()}
                label={`加载更多支部（已显示 ${rows.length} 个）`}
                endText={`已显示全部 ${rows.length} 个支部`}
              />
            </>
          )}
        </Loaded>
      </Card>
    </View>
  );
}
