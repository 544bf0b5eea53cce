import { useCallback, useEffect, useState } from 'react';
import { View, Text } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import type { TListMineOutput } from '@contract/activity';
import { Badge, Button, Card, ListItem, RemindMe, StateView } from '@/components';
import { callApi, errorText } from '@/services/api';
import { getLocalOpenid } from '@/services/identity';
import { useSessionStore } from '@/stores/session';
import { ACTIVITY_TYPE_LABELS, MEMBER_STATUS_BADGES, MY_STATUS_BADGES, ROLE_LABELS } from '@/utils/labels';
import { formatRange } from '@/utils/time';
import { go, ROUTES } from '@/utils/nav';
import './index.scss';

type Load<T> = { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; data: T };

const WEEK_MS = 7 * 24 * 3600 * 1000;

/** Home: who I am, and my branch's upcoming activities with my status for each. */
export default function HomePage() {
  const isH5 = process.env.TARO_ENV === 'h5';
  const [noIdentity, setNoIdentity] = useState(() => isH5 && !getLocalOpenid());
  const { member, branchName, roles, loaded, loading, error, refresh } = useSessionStore();

  useDidShow(() => {
    if (isH5 && !getLocalOpenid()) {
      setNoIdentity(true);
      return;
    }
    setNoIdentity(false);
    void refresh();
  });

  usePullDownRefresh(() => {
    void refresh().finally(() => Taro.stopPullDownRefresh());
  });

  if (noIdentity) {
    return (
      <View className="page home">
        <Card title="欢迎使用一线支部">
          <Text className="muted">本地演示环境：请先选择一个演示身份。</Text>
          <View className="home__actions">
            <Button block onClick={() => go(ROUTES.login)}>
              以演示身份进入
            </Button>
          </View>
        </Card>
      </View>
    );
  }

  if (!loaded) {
    return (
      <View className="page home">
        {error ? (
          <StateView state="error" text={error.message} onRetry={() => void refresh()} />
        ) : (
          <StateView state="loading" />
        )}
      </View>
    );
  }

  if (!member || member.status === 'unbound' || member.status === 'left') {
    return (
      <View className="page home">
        <Card title="绑定党员身份">
          <Text className="muted">
            你的微信还没有绑定支部花名册中的党员身份。绑定并经支部书记审核后即可参加签到。
          </Text>
          <View className="home__actions">
            <Button block onClick={() => go(ROUTES.bind)}>
              去绑定
            </Button>
          </View>
        </Card>
        {roles.includes('admin') ? (
          <Card title="管理员">
            <ListItem title="支部管理（全校）" onClick={() => go(ROUTES.adminBranches)} />
          </Card>
        ) : null}
      </View>
    );
  }

  const status = MEMBER_STATUS_BADGES[member.status];
  return (
    <View className="page home">
      <Card className="home__hello">
        <View className="home__hello-row">
          <Text className="home__name">{member.name}，你好</Text>
          <Badge tone={status.tone}>{status.text}</Badge>
        </View>
        <Text className="home__branch">{branchName ?? '所在支部'}</Text>
        <View className="home__roles">
          {roles.map((r) => (
            <Badge key={r} tone={r === 'member' ? 'default' : 'primary'}>
              {ROLE_LABELS[r]}
            </Badge>
          ))}
        </View>
        {loading ? <Text className="muted home__refreshing">正在刷新…</Text> : null}
      </Card>

      {member.status === 'active' ? <RemindMe variant="banner" /> : null}
      {member.status === 'pending' ? (
        <Card title="绑定审核中">
          <Text className="muted">你的绑定申请已提交，等待支部书记审核。审核通过后即可参加签到。</Text>
        </Card>
      ) : (
        <UpcomingActivities />
      )}
      {member.status === 'active' && (roles.includes('secretary') || roles.includes('admin')) ? (
        <Card title="书记工作台">
          <ListItem
            title="活动与签到"
            description="发起活动、出示动态签到码、查看签到人数"
            onClick={() => go(ROUTES.secretaryActivities)}
          />
          <ListItem
            title="一线阵地"
            description="活动地点、电子围栏与可打印的阵地码"
            onClick={() => go(ROUTES.secretarySites)}
          />
          <ListItem
            title="会议提醒"
            description="谁能收到提醒、谁需电话通知、催一下"
            onClick={() => go('/secretary/pages/reminders/index')}
          />
        </Card>
      ) : null}
    </View>
  );
}

function UpcomingActivities() {
  const [load, setLoad] = useState<Load<TListMineOutput>>({ state: 'loading' });

  const fetchList = useCallback(() => {
    setLoad({ state: 'loading' });
    const now = Date.now();
    callApi('activity', 'listMine', { from: now - 24 * 3600 * 1000, to: now + 4 * WEEK_MS })
      .then((data) => setLoad({ state: 'ready', data: [...data].sort((a, b) => a.startAt - b.startAt) }))
      .catch((e: unknown) => setLoad({ state: 'error', message: errorText(e) }));
  }, []);

  useEffect(fetchList, [fetchList]);

  const open = load.state === 'ready' ? load.data.find((a) => a.myStatus === 'open') : undefined;
  return (
    <>
      <Card className="home__checkin">
        {open ? <Text className="home__checkin-now">正在签到：{open.title}</Text> : null}
        <Button block onClick={() => go(ROUTES.checkin)}>
          扫码签到
        </Button>
        <Button block type="plain" onClick={() => go(ROUTES.records)}>
          我的签到记录
        </Button>
        <Button block type="plain" onClick={() => go(ROUTES.volunteer)}>
          先锋领航 · 志愿服务
        </Button>
      </Card>
      <Text className="section-title">近期活动</Text>
      <Card>
        {load.state === 'loading' ? <StateView state="loading" text="正在加载活动…" /> : null}
        {load.state === 'error' ? <StateView state="error" text={load.message} onRetry={fetchList} /> : null}
        {load.state === 'ready' && load.data.length === 0 ? (
          <StateView state="empty" text="近期没有安排活动" />
        ) : null}
        {load.state === 'ready'
          ? load.data.map((a) => {
              const s = MY_STATUS_BADGES[a.myStatus] ?? { text: a.myStatus, tone: 'default' as const };
              return (
                <ListItem
                  key={a.id}
                  title={a.title}
                  description={`${ACTIVITY_TYPE_LABELS[a.type] ?? a.type} · ${formatRange(a.startAt, a.endAt)}${
                    a.site ? ' · ' + a.site.name : ''
                  }`}
                  extra={<Badge tone={s.tone}>{s.text}</Badge>}
                  onClick={() => go(`${ROUTES.activity}?id=${a.id}`)}
                />
              );
            })
          : null}
      </Card>
    </>
  );
}
