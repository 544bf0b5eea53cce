import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import type { THoursTotals, TMyHoursOutput } from '@contract/volunteer';
import { HOURS_KIND_LABELS, HOURS_STATUS_LABELS } from '@contract/labels';
import { Badge, Button, Card, ListItem, Loaded, StateView } from '@/components';
import type { BadgeTone } from '@/components';
import { useLoad } from '@/hooks/useLoad';
import { callApi, errorText } from '@/services/api';
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
  return (
    <Loaded load={hours.load} onRetry={() => void hours.reload()} loadingText="正在加载时长…">
      {(d) => (
        <Hours
          d={d}
          onMore={(page) =>
            hours.update((x) => ({
              ...x,
              records: [...x.records, ...page.records],
              nextCursor: page.nextCursor,
            }))
          }
        />
      )}
    </Loaded>
  );
}

function Hours({ d, onMore }: { d: TMyHoursOutput; onMore: (page: TMyHoursOutput) => void }) {
  const [more, setMore] = useState<{ busy: boolean; error: string }>({ busy: false, error: '' });
  const loadMore = async () => {
    if (!d.nextCursor || more.busy) return;
    setMore({ busy: true, error: '' });
    try {
      onMore(await callApi('volunteer', 'myHours', { cursor: d.nextCursor }));
      setMore({ busy: false, error: '' });
    } catch (e) {
      setMore({ busy: false, error: errorText(e) });
    }
  };
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
        {more.error ? <Text className="vhours__more-error">加载失败：{more.error}</Text> : null}
        {d.nextCursor ? (
          <Button type="secondary" block loading={more.busy} onClick={() => void loadMore()}>
            {more.error ? '重试加载' : more.busy ? '正在加载…' : '加载更多'}
          </Button>
        ) : d.records.length > 0 ? (
          <Text className="vhours__end muted">已显示全部 {d.records.length} 条记录</Text>
        ) : null}
      </Card>
    </View>
  );
}
