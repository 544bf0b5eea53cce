import { Text, View } from '@tarojs/components';
import type { THoursTotals, TMyHoursOutput } from '@contract/volunteer';
import { HOURS_KIND_LABELS, HOURS_STATUS_LABELS } from '@contract/labels';
import { Badge, Card, ListItem, Loaded, StateView } from '@/components';
import MoreFooter from '@/components/MoreFooter';
import type { BadgeTone } from '@/components';
import { useLoad } from '@/hooks/useLoad';
import { useMore, type MoreState } from '@/hooks/useMore';
import { callApi } from '@/services/api';
import { go, ROUTES } from '@/utils/nav';
import { formatDateTime } from '@/utils/time';
import { hoursText } from '../../lib';
import './index.scss';

const TONE: Record<string, BadgeTone> = {
  confirmed: 'success',
  pending: 'warning',
  rejected: 'danger',
  superseded: 'default',
};

function Totals({ title, t }: { title: string; t: THoursTotals }) {
  return (
    <Card title={title} extra={<Text className="vhours__big">{hoursText(t.total)}</Text>}>
      <View className="vhours__kinds">
        {(['verified', 'added', 'reported'] as const).map((k) => (
          <View key={k} className="vhours__kind">
            <Text className="vhours__kind-num">{t[k]}</Text>
            <Text className="muted">{HOURS_KIND_LABELS[k]}</Text>
          </View>
        ))}
      </View>
    </Card>
  );
}

/**
 * My hours: this year and all time by kind (confirmed only), then the records with their events,
 * newest first, a page at a time (加载更多 asks the server for the next page).
 */
export default function HoursPage() {
  const hours = useLoad(() => callApi('volunteer', 'myHours', {}), [], { when: 'show' });
  const { more, loadMore } = useMore(hours, async (cur) => {
    if (!cur.nextCursor) return (x) => x;
    const page = await callApi('volunteer', 'myHours', { cursor: cur.nextCursor });
    return (x) => ({ ...x, records: [...x.records, ...page.records], nextCursor: page.nextCursor });
  });
  return (
    <Loaded load={hours.load} onRetry={() => void hours.reload()} loadingText="正在加载时长…">
      {(d) => <Hours d={d} more={more} onMore={() => void loadMore()} />}
    </Loaded>
  );
}

function Hours({ d, more, onMore }: { d: TMyHoursOutput; more: MoreState; onMore: () => void }) {
  return (
    <View className="page vhours">
      <Totals title="今年" t={d.thisYear} />
      <Totals title="累计" t={d.totals} />
      <Card title="明细">
        {d.records.length === 0 ? (
          <StateView
            state="empty"
            text="还没有志愿时长记录"
            actionText="去报名活动"
            onAction={() => go(ROUTES.volunteerEvents)}
          />
        ) : null}
        {d.records.map((r) => (
          <ListItem
            key={r.id}
            title={r.title}
            description={[
              `${formatDateTime(r.date)} · ${HOURS_KIND_LABELS[r.kind]}`,
              r.teamName ?? '',
              r.reason ? `说明：${r.reason}` : '',
              r.status === 'superseded' ? '已被更正记录替代' : '',
            ]
              .filter(Boolean)
              .join(' · ')}
            extra={
              <View className="vhours__extra">
                <Text className={`vhours__h${r.status === 'confirmed' ? '' : ' muted'}`}>
                  {hoursText(r.hours)}
                </Text>
                <Badge tone={TONE[r.status]}>{HOURS_STATUS_LABELS[r.status]}</Badge>
              </View>
            }
            arrow={false}
          />
        ))}
        <MoreFooter
          more={more}
          hasMore={!!d.nextCursor}
          shown={d.records.length}
          onMore={onMore}
          endText={`已显示全部 ${d.records.length} 条记录`}
        />
      </Card>
    </View>
  );
}
