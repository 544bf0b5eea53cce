import { View, Text } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { Badge, Button, Card, ListItem, StateView } from '@/components';
import { clearLocalOpenid, getLocalOpenid } from '@/services/identity';
import { hasRole, useSessionStore } from '@/stores/session';
import { MEMBER_STATUS_LABELS, ROLE_LABELS } from '@/utils/labels';
import { go, ROUTES } from '@/utils/nav';
import './index.scss';

/** Me: profile from `member.me`, and the way into the secretary / admin subpackages. */
export default function MePage() {
  const isH5 = process.env.TARO_ENV === 'h5';
  const session = useSessionStore();
  const { member, branchName, roles, loaded, error, refresh } = session;

  useDidShow(() => {
    if (isH5 && !getLocalOpenid()) return;
    void refresh();
  });

  const switchIdentity = () => {
    clearLocalOpenid();
    useSessionStore.getState().reset();
    void Taro.redirectTo({ url: ROUTES.login });
  };

  if (isH5 && !getLocalOpenid()) {
    return (
      <View className="page">
        <StateView
          state="empty"
          text="尚未选择演示身份"
          actionText="以演示身份进入"
          onAction={() => go(ROUTES.login)}
        />
      </View>
    );
  }

  if (!loaded) {
    return (
      <View className="page">
        {error ? (
          <StateView state="error" text={error.message} onRetry={() => void refresh()} />
        ) : (
          <StateView state="loading" />
        )}
      </View>
    );
  }

  const status = member ? MEMBER_STATUS_LABELS[member.status] : MEMBER_STATUS_LABELS.unbound;
  const isSecretary = hasRole(session, 'secretary');
  const isAdmin = hasRole(session, 'admin');

  return (
    <View className="page me">
      <Card title="个人信息" extra={<Badge tone={status.tone}>{status.text}</Badge>}>
        <ListItem title="姓名" extra={<Text>{member?.name ?? '未绑定'}</Text>} arrow={false} />
        <ListItem
          title="所在支部"
          extra={<Text>{branchName ?? (member ? '—' : '未绑定')}</Text>}
          arrow={false}
        />
        <ListItem
          title="角色"
          arrow={false}
          extra={
            roles.length ? (
              roles.map((r) => (
                <Badge key={r} tone={r === 'member' ? 'default' : 'primary'}>
                  {ROLE_LABELS[r]}
                </Badge>
              ))
            ) : (
              <Text className="muted">无</Text>
            )
          }
        />
        {!member || member.status === 'unbound' || member.status === 'left' ? (
          <View className="me__bind">
            <Button block onClick={() => go(ROUTES.bind)}>
              绑定党员身份
            </Button>
          </View>
        ) : null}
      </Card>

      {isSecretary || isAdmin ? (
        <Card title="管理">
          {isSecretary ? (
            <ListItem
              title="支部管理"
              description="本支部成员与活动"
              onClick={() => go(ROUTES.secretaryBranch)}
            />
          ) : null}
          {isAdmin ? (
            <ListItem
              title="全校支部"
              description="支部列表与角色"
              onClick={() => go(ROUTES.adminBranches)}
            />
          ) : null}
        </Card>
      ) : null}

      {isH5 ? (
        <Card title="本地演示">
          <ListItem
            title="切换演示身份"
            description={`当前 openid：${getLocalOpenid() ?? ''}`}
            onClick={switchIdentity}
          />
        </Card>
      ) : null}
    </View>
  );
}
