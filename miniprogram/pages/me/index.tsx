import { useState } from 'react';
import { View, Text } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { TMyDataOutput } from '@contract/member';
import { Badge, Button, Card, ListItem, Loaded } from '@/components';
import { useAction } from '@/hooks/useAction';
import { useLoad } from '@/hooks/useLoad';
import { useSession } from '@/hooks/useSession';
import { useStaffCounts } from '@/hooks/useStaffCounts';
import { callApi } from '@/services/api';
import { clearLocalOpenid, getLocalOpenid } from '@/services/identity';
import { useSessionStore } from '@/stores/session';
import {
  AUDIT_ACTION_LABELS,
  BINDING_STATUS_LABELS,
  labelOf,
  MEMBER_STATUS_BADGES,
  MY_DATA_COLLECTION_LABELS,
  ROLE_LABELS,
} from '@/utils/labels';
import { go, ROUTES } from '@/utils/nav';
import { formatDateTime } from '@/utils/time';
import DelegateEntry from '@/components/RequestPanel/DelegateEntry';
import './index.scss';

/**
 * Me: profile from `member.me`; the member's own data unmasked and everything stored about them
 * (`member.myData`, PIPL); the request to leave the system; links into the secretary/admin pages.
 */
export default function MePage() {
  const isH5 = process.env.TARO_ENV === 'h5';
  const session = useSession({ refresh: 'always' });
  const { member, branchName, roles, isSecretary, isAdmin } = session;
  const counts = useStaffCounts(member?.branchId ?? null, isSecretary);
  const countBadge = (n: number | undefined) => (n ? <Badge tone="danger">{n}</Badge> : null);
  const data = useLoad(() => callApi('member', 'myData'), [], { enabled: !session.noIdentity, when: 'show' });
  const [showAll, setShowAll] = useState(false);
  const quit = useAction();

  const switchIdentity = () => {
    clearLocalOpenid();
    useSessionStore.getState().reset();
    void Taro.redirectTo({ url: ROUTES.login });
  };

  const requestDeletion = async () => {
    const { confirm } = await Taro.showModal({
      title: '申请注销',
      content:
        '注销后你的姓名、工号和手机号将被删除，签到记录以匿名方式保留。申请由党委组织部办理，确定提交吗？',
      confirmText: '提交申请',
      confirmColor: '#c8161d',
    });
    if (!confirm) return;
    await quit.run(
      async () => {
        await callApi('member', 'requestDeletion', {});
        void Taro.showToast({ title: '已提交注销申请', icon: 'success' });
        await data.reload({ quiet: true });
      },
      { failToast: true },
    );
  };

  if (session.gate) return <View className="page">{session.gate}</View>;

  const status = member ? MEMBER_STATUS_BADGES[member.status] : MEMBER_STATUS_BADGES.unbound;
  const mine = data.data;

  return (
    <View className="page me">
      <Card title="个人信息" extra={<Badge tone={status.tone}>{status.text}</Badge>}>
        <ListItem title="姓名" extra={<Text>{member?.name ?? '未绑定'}</Text>} arrow={false} />
        <ListItem
          title="所在支部"
          extra={<Text className="me__value">{branchName ?? (member ? '—' : '未绑定')}</Text>}
          arrow={false}
        />
        {mine?.member ? (
          <>
            <ListItem title="工号/学号" extra={<Text>{mine.member.staffNo}</Text>} arrow={false} />
            <ListItem
              title="手机号"
              extra={
                <Text className={mine.member.phoneHidden ? 'muted me__small' : ''}>
                  {mine.member.phoneHidden ? '审核通过后显示' : (mine.member.phone ?? '未登记')}
                </Text>
              }
              arrow={false}
            />
          </>
        ) : null}
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
        {member?.status === 'pending' ? (
          <View className="me__bind">
            <Button block type="secondary" onClick={() => go(ROUTES.bind)}>
              查看绑定审核进度
            </Button>
          </View>
        ) : null}
      </Card>

      {member?.status === 'active' && !isSecretary ? <DelegateEntry /> : null}
      {isSecretary || isAdmin ? (
        <Card title="管理">
          {isSecretary ? (
            <>
              <ListItem
                title="待审核绑定"
                description="审核本支部成员的绑定申请"
                extra={countBadge(counts?.bindings)}
                onClick={() => go(ROUTES.secretaryBindings)}
              />
              <ListItem
                title="支部成员"
                description="花名册与绑定状态"
                onClick={() => go(ROUTES.secretaryMembers)}
              />
              <ListItem
                title="导入花名册"
                description="粘贴或选择 CSV / Excel 文件"
                onClick={() => go(ROUTES.secretaryImport)}
              />
              <ListItem
                title="支部管理"
                description="本支部成员与活动"
                onClick={() => go(ROUTES.secretaryBranch)}
              />
              <ListItem
                title="出勤审核"
                description="签到、请假、补签待审核"
                extra={countBadge(counts?.queue)}
                onClick={() => go(ROUTES.attendanceQueue)}
              />
              <ListItem
                title="出勤统计"
                description="三会一课、出勤率、导出、委托"
                onClick={() => go(ROUTES.attendanceDashboard)}
              />
            </>
          ) : null}
          {isAdmin ? (
            <>
              <ListItem
                title="全校支部"
                description="新建、编辑支部"
                onClick={() => go(ROUTES.adminBranches)}
              />
              <ListItem
                title="各支部出勤"
                description="全校支部出勤与三会一课对比"
                onClick={() => go(ROUTES.attendanceDashboard)}
              />
              <ListItem
                title="角色与绑定"
                description="设置书记、管理员，解除绑定，办理注销"
                onClick={() => go(ROUTES.adminRoles)}
              />
            </>
          ) : null}
        </Card>
      ) : null}

      <Card title="我的数据" extra={<Text className="muted me__small">个人信息保护</Text>}>
        <Loaded load={data.load} onRetry={() => void data.reload()} loadingText="正在读取…">
          {(mine) => (
            <>
              <Text className="muted me__small me__block">系统中保存的与你有关的全部记录：</Text>
              {Object.entries(mine.records).map(([k, v]) => (
                <ListItem
                  key={k}
                  title={labelOf(MY_DATA_COLLECTION_LABELS, k, '其他记录')}
                  extra={<Text>{v.length} 条</Text>}
                  arrow={false}
                />
              ))}
              <Button type="plain" size="small" onClick={() => setShowAll(!showAll)}>
                {showAll ? '收起明细' : '查看明细'}
              </Button>
              {showAll ? <Details data={mine} /> : null}
              {mine.member && mine.member.status !== 'left' ? (
                mine.member.quitRequestedAt ? (
                  <View className="form__note">
                    <Text>
                      已于 {formatDateTime(mine.member.quitRequestedAt)} 申请注销，等待党委组织部办理。
                    </Text>
                  </View>
                ) : member?.status === 'active' ? (
                  <View className="me__bind">
                    <Button block type="secondary" loading={quit.busy} onClick={() => void requestDeletion()}>
                      申请注销账号
                    </Button>
                  </View>
                ) : null
              ) : null}
            </>
          )}
        </Loaded>
      </Card>

      {isH5 ? (
        <Card title="本地演示">
          <ListItem
            title="切换演示身份"
            description={`当前演示身份：${member?.name ?? (getLocalOpenid() ? '新用户（未绑定）' : '未选择')}`}
            onClick={switchIdentity}
          />
        </Card>
      ) : null}
    </View>
  );
}

function Details({ data }: { data: TMyDataOutput }) {
  const bindings = (data.records.bindings ?? []) as {
    _id: string;
    status: string;
    createdAt: number;
    reason?: string;
  }[];
  const audit = (data.records.audit ?? []) as {
    _id: string;
    action: string;
    at: number;
    actor?: string;
    reason?: string;
  }[];
  const names = data.names ?? {};
  return (
    <View className="me__details">
      <Text className="me__details-title">微信身份</Text>
      <Text className="me__line">当前微信账号（微信提供的匿名标识，不含昵称与手机号）</Text>
      {bindings.length ? <Text className="me__details-title">绑定申请</Text> : null}
      {bindings.map((b) => (
        <Text key={b._id} className="me__line">
          {formatDateTime(b.createdAt)} · {labelOf(BINDING_STATUS_LABELS, b.status, '其他')}
          {b.reason ? `（${b.reason}）` : ''}
        </Text>
      ))}
      {audit.length ? <Text className="me__details-title">操作记录</Text> : null}
      {[...audit]
        .sort((a, b) => b.at - a.at)
        .map((a) => (
          <Text key={a._id} className="me__line">
            {formatDateTime(a.at)} · {labelOf(AUDIT_ACTION_LABELS, a.action, '其他操作')}
            {a.actor ? ` · ${names[a.actor] ?? '管理员'}` : ''}
            {a.reason ? `（${a.reason}）` : ''}
          </Text>
        ))}
      {Object.entries(data.records)
        .filter(([k, v]) => k !== 'bindings' && k !== 'audit' && v.length > 0)
        .map(([k, v]) => (
          <Text key={k} className="me__line">
            {labelOf(MY_DATA_COLLECTION_LABELS, k, '其他记录')}：{v.length} 条
          </Text>
        ))}
    </View>
  );
}
