import { useState } from 'react';
import { View, Text, Input } from '@tarojs/components';
import { Badge, Button, Card, ListItem, Loaded, MemberBadges } from '@/components';
import { useLoad } from '@/hooks/useLoad';
import { ApiError } from '@/services/api';
import { getLocalOpenid, randomOpenid, setLocalOpenid } from '@/services/identity';
import { useSessionStore } from '@/stores/session';
import type { TDemoIdentity } from '@contract/demo';
import { go, ROUTES } from '@/utils/nav';
import './index.scss';

/** Members shown per branch before "显示全部". */
const COLLAPSED_COUNT = 4;

/** The local cloud's demo identities (seeded with `--seed`), grouped for the list. */
async function fetchIdentities(): Promise<[string, TDemoIdentity[]][]> {
  try {
    const res = await fetch('/__identities');
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    return groupByBranch((await res.json()) as TDemoIdentity[]);
  } catch (e) {
    throw new ApiError('NETWORK', { serverMessage: String(e) });
  }
}

/**
 * H5 only (not in the weapp build, see app.config.ts): the browser acts as a WeChat user by
 * storing an openid that the API client sends as `x-openid` to the local cloud.
 */
export default function LoginPage() {
  const identities = useLoad(fetchIdentities, []);
  const [custom, setCustom] = useState('');
  // Branches of ~15 people each: show the secretary and a few members, the rest on request.
  const [expanded, setExpanded] = useState<Record<string, boolean>>({});
  const current = getLocalOpenid();
  const { load } = identities;

  const enter = (openid: string) => {
    setLocalOpenid(openid);
    useSessionStore.getState().reset();
    go(ROUTES.home);
  };

  return (
    <View className="page login">
      <Card title="以演示身份进入">
        <Text className="muted">
          本地演示环境没有微信登录。选择一位演示成员，即以其微信身份（openid）访问本地云；可随时在「我的」中切换。
        </Text>
      </Card>

      {/* the states above the other-user card, the groups below it */}
      <Loaded
        load={load.state === 'error' ? { ...load, message: `${load.message}（本地云是否已启动？）` } : load}
        onRetry={() => void identities.reload()}
        loadingText="正在读取演示身份…"
        emptyText="没有演示身份：请用 --seed 启动本地云"
      >
        {() => null}
      </Loaded>
      <Card title="其他微信用户">
        <Text className="muted">
          以一个花名册中没有的新微信用户进入（用于体验绑定流程），或输入指定的 openid。
        </Text>
        <Input
          className="ui-input login__input"
          value={custom}
          placeholder="openid，例如 o_test_001"
          maxlength={64}
          onInput={(e) => setCustom(e.detail.value)}
        />
        <View className="login__actions">
          <Button type="secondary" disabled={!custom.trim()} onClick={() => enter(custom.trim())}>
            以此 openid 进入
          </Button>
          <Button type="plain" onClick={() => enter(randomOpenid())}>
            新用户进入
          </Button>
        </View>
      </Card>
      {(identities.data ?? []).map(([branch, people]) => {
        const open = expanded[branch] || people.length <= COLLAPSED_COUNT + 1;
        const shown = open ? people : people.slice(0, COLLAPSED_COUNT);
        return (
          <Card key={branch} title={branch} extra={<Text className="muted">{people.length} 人</Text>}>
            {shown.map((p) => (
              <ListItem
                key={p.openid}
                title={
                  <View className="login__who">
                    <Text className="login__name">{p.name}</Text>
                    {p.openid === current ? <Badge tone="success">当前</Badge> : null}
                  </View>
                }
                description={p.openid}
                extra={<MemberBadges m={p} usualStatus={false} />}
                onClick={() => enter(p.openid)}
              />
            ))}
            {open ? null : (
              <ListItem
                title={<Text className="login__more">显示全部 {people.length} 人</Text>}
                arrow={false}
                onClick={() => setExpanded({ ...expanded, [branch]: true })}
              />
            )}
          </Card>
        );
      })}
    </View>
  );
}

function groupByBranch(list: TDemoIdentity[]): [string, TDemoIdentity[]][] {
  const groups = new Map<string, TDemoIdentity[]>();
  for (const p of list) {
    const key = p.branchName ?? (p.roles.includes('admin') ? '全校管理员' : '未绑定');
    const g = groups.get(key) ?? [];
    g.push(p);
    groups.set(key, g);
  }
  // Admins first, then branches by name; a rank keeps secretaries at the top of each group.
  const rank = (p: TDemoIdentity) => (p.roles.includes('admin') ? 0 : p.roles.includes('secretary') ? 1 : 2);
  return [...groups.entries()]
    .map(([k, v]) => [k, [...v].sort((a, b) => rank(a) - rank(b))] as [string, TDemoIdentity[]])
    .sort(
      ([a, av], [b, bv]) =>
        Math.min(...av.map(rank)) - Math.min(...bv.map(rank)) || a.localeCompare(b, 'zh-CN'),
    );
}
