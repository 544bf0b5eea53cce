import { useState } from 'react';
import { Input, View, Text } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import type { TBranchStats, TStatsOutput, TTypeStats } from '@contract/attendance';
import { Badge, Card, Loaded, StateView } from '@/components';
import { useLoad } from '@/hooks/useLoad';
import { useMore } from '@/hooks/useMore';
import MoreFooter from '@/components/MoreFooter';
import ExportButton from '@/components/ExportButton';
import { callApi } from '@/services/api';
import { ACTIVITY_TYPE_LABELS } from '@/utils/labels';
import { go, ROUTES } from '@/utils/nav';
import { formatDateTime, shanghai } from '@/utils/time';
import { useAttendanceScope } from '../../lib/scope';
import '../../lib/shared.scss';
import './index.scss';

type RangeKey = 'quarter' | 'last90' | 'year';
const RANGES: { key: RangeKey; label: string }[] = [
  { key: 'quarter', label: '本季度' },
  { key: 'last90', label: '近 90 天' },
  { key: 'year', label: '今年' },
];

function rangeOf(key: RangeKey, now: number): { from: number; to: number } {
  const d = shanghai(now);
  if (key === 'last90') return { from: now - 90 * 86400_000, to: now };
  if (key === 'year') return { from: d.startOf('year').valueOf(), to: now };
  const q = Math.floor(d.month() / 3) * 3;
  return { from: d.month(q).startOf('month').valueOf(), to: now };
}

/**
 * One rule for a 三会一课 row, in colour and in words: met (green); due — the current period still
 * needs meetings, nothing missed yet (orange); behind — a period already over was missed (red);
 * advice — common practice not yet done (grey, never a breach).
 */
type Standing = 'met' | 'due' | 'behind' | 'advice';
const STANDING_LEGEND: Record<Standing, string> = {
  met: '已达标',
  due: '本期待开展',
  behind: '有未开展的周期',
  advice: '通行做法（建议）',
};
function standingOf(t: TTypeStats): { kind: Standing; text: string } {
  const short = Math.max(0, t.required - t.held);
  const period = /每季度/.test(t.label ?? '') ? '本季度' : /每年/.test(t.label ?? '') ? '今年' : '本月';
  if (short === 0) return { kind: 'met', text: '已达标' };
  if (t.advisory) return { kind: 'advice', text: `建议开展，还差 ${short} 次` };
  if ((t.missed ?? 0) > 0) return { kind: 'behind', text: `已有 ${t.missed} 个周期未开展，还差 ${short} 次` };
  return { kind: 'due', text: `${period}还差 ${short} 次` };
}

const pct = (r: number | null) => (r === null ? '—' : `${Math.round(r * 100)}%`);

/**
 * Branch dashboard: the silent-branch warning, 三会一课 held vs required, each member's attendance
 * rate (excused counted apart), recent activities (tap → roster), the queue count, and the export
 * (.xlsx: records + per-member totals). An admin without `?branchId=` sees every branch side by side.
 * Bar charts are plain Views.
 */
export default function DashboardPage() {
  const scope = useAttendanceScope({
    only: ['secretary', 'admin'],
    refusal: '只有支部书记和管理员可以查看出勤统计',
  });
  const params = useRouter().params;
  // An admin (not a secretary) without ?branchId= sees every branch side by side.
  const overview = scope.isAdmin && !scope.isSecretary && !params.branchId;
  const branchId = overview ? null : scope.branchId;
  const [range, setRange] = useState<RangeKey>('quarter');

  const allowed = !scope.gate;
  const stats = useLoad(
    () => {
      const { from, to } = rangeOf(range, Date.now());
      return callApi('attendance', 'stats', branchId ? { branchId, from, to } : { from, to });
    },
    [branchId, range],
    { enabled: allowed && !overview, when: 'show' },
  );
  const acts = useLoad(
    () =>
      callApi('activity', 'listBranch', {
        branchId: branchId ?? '',
        from: Date.now() - 60 * 86400_000,
        to: Date.now() + 30 * 86400_000,
      }),
    [branchId],
    { enabled: allowed && Boolean(branchId), when: 'show' },
  );
  const queue = useLoad(() => callApi('attendance', 'queue', { branchId: branchId ?? '' }), [branchId], {
    enabled: allowed && Boolean(branchId),
    when: 'show',
  });
  const queueCount = queue.data?.length ?? null;

  if (scope.gate) return <View className="page">{scope.gate}</View>;

  return (
    <View className="page dash">
      <View className="chip-row">
        {RANGES.map((r) => (
          <View
            key={r.key}
            className={`chip${range === r.key ? ' chip--on' : ''}`}
            onClick={() => setRange(r.key)}
          >
            {r.label}
          </View>
        ))}
      </View>
      {branchId ? (
        <View className="dash__tiles">
          <View className="dash__tile" onClick={() => go(ROUTES.attendanceQueue)}>
            <Text className="dash__tile-num">{queueCount ?? '—'}</Text>
            <Text className="dash__tile-label">待审核</Text>
          </View>
          <View className="dash__tile" onClick={() => go(ROUTES.secretaryDelegation)}>
            <Text className="dash__tile-icon">⇄</Text>
            <Text className="dash__tile-label">审批委托</Text>
          </View>
          <View className="dash__tile" onClick={() => go(ROUTES.secretaryAudit)}>
            <Text className="dash__tile-icon">☰</Text>
            <Text className="dash__tile-label">操作记录</Text>
          </View>
        </View>
      ) : null}
      {overview ? (
        <Overview range={range} enabled={allowed} />
      ) : (
        <Loaded load={stats.load} onRetry={() => void stats.reload()} loadingText="正在统计…">
          {(data) => ('branches' in data ? null : <BranchView s={data} />)}
        </Loaded>
      )}
      {branchId ? (
        <Card title="导出出勤表">
          <Text className="muted dash__hint">
            Excel 表格：出勤记录明细 + 个人汇总（{RANGES.find((r) => r.key === range)?.label}）
          </Text>
          <ExportButton
            text="导出 Excel"
            run={() => callApi('attendance', 'export', { branchId, ...rangeOf(range, Date.now()) })}
          />
        </Card>
      ) : null}
      {branchId ? (
        <Card title="近期活动">
          <Loaded load={acts.load} onRetry={() => void acts.reload()} emptyText="近期没有活动">
            {(list) =>
              [
                // started ones first (newest first: their rosters matter now), then what is coming
                ...list.filter((a) => a.startAt <= Date.now()).sort((x, y) => y.startAt - x.startAt),
                ...list.filter((a) => a.startAt > Date.now()).sort((x, y) => x.startAt - y.startAt),
              ]
                .slice(0, 12)
                .map((a) => (
                  <View
                    key={a.id}
                    className="dash__act"
                    onClick={() => go(`${ROUTES.secretaryRoster}?activityId=${a.id}`)}
                  >
                    <View className="dash__act-main">
                      <Text className="dash__act-title">{a.title}</Text>
                      <Text className="muted dash__act-meta">
                        {ACTIVITY_TYPE_LABELS[a.type]} · {formatDateTime(a.startAt)}
                      </Text>
                    </View>
                    {a.status === 'cancelled' ? (
                      <Badge tone="default">已取消</Badge>
                    ) : a.startAt > Date.now() ? (
                      <Badge tone="default">未开始</Badge>
                    ) : (
                      <Text className="dash__act-count">
                        {a.counts.present}/{a.counts.expected}
                      </Text>
                    )}
                    <Text className="muted">›</Text>
                  </View>
                ))
            }
          </Loaded>
        </Card>
      ) : null}
    </View>
  );
}

function Bar({
  value,
  max,
  tone = 'primary',
}: {
  value: number;
  max: number;
  tone?: 'primary' | 'ok' | 'warn' | Standing;
}) {
  const w = max > 0 ? Math.min(100, Math.round((value / max) * 100)) : 0;
  return (
    <View className="bar">
      <View className={`bar__fill bar__fill--${tone}`} style={{ width: `${w}%` }} />
    </View>
  );
}

function BranchView({ s }: { s: TBranchStats }) {
  const members = [...s.members].sort((a, b) => (a.rate ?? 2) - (b.rate ?? 2));
  return (
    <>
      {s.silentDays !== undefined ? (
        <View className="dash__silent">
          <Text>
            ⚠{' '}
            {s.silentDays < 0 || s.lastActivityAt == null
              ? '本支部还没有开展过活动'
              : `本支部已 ${s.silentDays} 天没有开展活动`}
            ，请尽快安排组织生活。
          </Text>
        </View>
      ) : null}
      <Card title="三会一课" extra={<Text className="muted dash__small">已开展 / 应开展</Text>}>
        <View className="dash__legend">
          {(['met', 'due', 'behind', 'advice'] as const).map((k) => (
            <View key={k} className="dash__legend-item">
              <View className={`dash__dot dash__dot--${k}`} />
              <Text>{STANDING_LEGEND[k]}</Text>
            </View>
          ))}
        </View>
        {s.types.map((t) => {
          const st = standingOf(t);
          return (
            <View key={t.key ?? t.type} className="dash__meeting">
              <View className="dash__row">
                <View className="dash__row-label">
                  <Text>{(t.label ?? ACTIVITY_TYPE_LABELS[t.type]).replace(/（.*）$/, '')}</Text>
                  <Text className="muted dash__period">
                    {/（(.*)）$/.exec(t.label ?? '')?.[1]?.replace('，通行做法', '') ?? ''}
                  </Text>
                </View>
                <Bar value={t.held} max={Math.max(t.required, t.held, 1)} tone={st.kind} />
                <Text className={`dash__row-val dash__row-val--${st.kind}`}>
                  {t.held}/{t.required}
                </Text>
              </View>
              <Text className={`dash__standing dash__standing--${st.kind}`}>{st.text}</Text>
            </View>
          );
        })}
      </Card>
      <Card
        title={`成员出勤率（${s.held ?? 0} 次活动）`}
        extra={<Text className="muted dash__small">请假不计缺席</Text>}
      >
        {members.length === 0 ? <StateView state="empty" text="这段时间还没有已结束的活动" /> : null}
        {members.map((m) => (
          <View key={m.memberId} className="dash__row">
            <Text className="dash__row-label dash__row-label--name">{m.name}</Text>
            <Bar value={m.rate ?? 0} max={1} tone={m.rate !== null && m.rate < 0.6 ? 'warn' : 'ok'} />
            <Text className="dash__row-val">{pct(m.rate)}</Text>
            <Text className="muted dash__row-sub">
              {m.present}/{m.expected - m.excused}
              {m.excused ? ` 假${m.excused}` : ''}
            </Text>
          </View>
        ))}
      </Card>
    </>
  );
}

type OverviewPage = Extract<TStatsOutput, { branches: TBranchStats[] }>;
const OVERVIEW_PAGE = 20;

/**
 * Every branch side by side, a page at a time: off-track branches (a 三会一课 period over and
 * missed, or silent) first, then by name; 只看未达标 keeps those, the search box filters by name,
 * 加载更多 appends the next 20. A university of 1,000 branches is never rendered at once.
 */
function Overview({ range, enabled }: { range: RangeKey; enabled: boolean }) {
  const [q, setQ] = useState('');
  const [query, setQuery] = useState('');
  const [offOnly, setOffOnly] = useState(false);
  const fetchPage = (offset: number) => {
    const { from, to } = rangeOf(range, Date.now());
    return callApi('attendance', 'stats', {
      from,
      to,
      offset,
      limit: OVERVIEW_PAGE,
      ...(offOnly ? { offTrack: true } : {}),
      ...(query ? { q: query } : {}),
    }) as Promise<OverviewPage>;
  };
  const first = useLoad(() => fetchPage(0), [range, query, offOnly], { enabled, when: 'show' });
  const { more, loadMore } = useMore(first, async (cur) => {
    const page = await fetchPage(cur.branches.length);
    return (x) => ({ ...x, branches: [...x.branches, ...page.branches] });
  });
  const months = (p: OverviewPage) =>
    p.months ? `${formatMonth(p.months.from)} 至 ${formatMonth(p.months.to - 1)}` : '';

  return (
    <Card title="各支部对比">
      <View className="dash__search">
        <Input
          className="ui-input dash__search-input"
          value={q}
          maxlength={40}
          placeholder="按支部名称搜索"
          confirmType="search"
          onInput={(e) => setQ(e.detail.value)}
          onConfirm={() => setQuery(q.trim())}
        />
        <View className="dash__search-btn" onClick={() => setQuery(q.trim())}>
          搜索
        </View>
      </View>
      <View className="chip-row">
        <View className={`chip${!offOnly ? ' chip--on' : ''}`} onClick={() => setOffOnly(false)}>
          全部支部
        </View>
        <View className={`chip${offOnly ? ' chip--on' : ''}`} onClick={() => setOffOnly(true)}>
          只看未达标
        </View>
      </View>
      <Loaded load={first.load} onRetry={() => void first.reload()} loadingText="正在统计各支部…">
        {(p) => {
          const shown = p.branches;
          const total = p.total ?? p.branches.length;
          return (
            <>
              <Text className="muted dash__small dash__overview-sum">
                共 {p.all ?? total} 个支部，未达标 {p.offTrackCount ?? 0} 个
                {query || offOnly ? ` · 符合条件 ${total} 个` : ''}
                {months(p) ? ` · 出勤按整月统计（${months(p)}）` : ''}
              </Text>
              {(p.refreshingBranches ?? 0) > 0 ? (
                <Text className="muted dash__small dash__refreshing">
                  {p.refreshingBranches} 个支部的历史活动正在汇总（首次启动或导入后约 5
                  分钟内完成），汇总完成前不判定沉默或未达标
                </Text>
              ) : null}
              {(p.refreshing ?? 0) > 0 ? (
                <Text className="muted dash__small dash__refreshing">
                  {p.refreshing} 项活动的最新签到正在汇总，数字约 5 分钟内更新
                </Text>
              ) : null}
              {shown.length === 0 ? (
                <StateView
                  state="empty"
                  text={query ? `没有名称含“${query}”的支部` : offOnly ? '所有支部都已达标' : '还没有支部'}
                />
              ) : null}
              {shown.map((b) => (
                <BranchRow key={b.branchId} b={b} />
              ))}
              <MoreFooter
                more={more}
                hasMore={shown.length < total}
                shown={shown.length}
                onMore={() => void loadMore()}
                label={`加载更多（还有 ${total - shown.length} 个）`}
                endText={`已显示全部 ${total} 个支部`}
              />
            </>
          );
        }}
      </Loaded>
    </Card>
  );
}

function formatMonth(ms: number): string {
  const d = shanghai(ms);
  return `${d.year()}年${d.month() + 1}月`;
}

function BranchRow({ b }: { b: TBranchStats }) {
  // the overview's totals come from the running summaries (no per-member lines)
  const avg = b.totals ? b.totals.rate : null;
  const missed = b.types.filter((t) => !t.advisory && (t.missed ?? 0) > 0).length;
  return (
    <View className="dash__branch" onClick={() => go(`${ROUTES.attendanceDashboard}?branchId=${b.branchId}`)}>
      <View className="dash__branch-head">
        <Text className="dash__branch-name">{b.branchName ?? b.branchId}</Text>
        {b.refreshing ? <Badge>汇总中</Badge> : null}
        {b.silentDays !== undefined ? <Badge tone="danger">沉默</Badge> : null}
        {!b.refreshing && missed > 0 ? <Badge tone="warning">未达标</Badge> : null}
      </View>
      {b.refreshing ? (
        <Text className="muted dash__small">历史活动正在汇总，约 5 分钟内显示</Text>
      ) : (
        <>
          <View className="dash__row">
            <Text className="dash__row-label">出勤率</Text>
            <Bar value={avg ?? 0} max={1} tone={avg !== null && avg < 0.6 ? 'warn' : 'ok'} />
            <Text className="dash__row-val">{pct(avg)}</Text>
          </View>
          <Text className="muted dash__small">
            开展活动 {b.held ?? 0} 次 · 三会一课有 {missed} 项未按期开展
          </Text>
        </>
      )}
    </View>
  );
}
