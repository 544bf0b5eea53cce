import { View, Text } from '@tarojs/components';
import { Card, ListItem, Loaded, MemberBadges, StateView } from '@/components';
import { useBranch } from '@/hooks/useBranches';
import { useLoad } from '@/hooks/useLoad';
import { useSession } from '@/hooks/useSession';
import { callApi } from '@/services/api';
import './index.scss';

/**
 * Secretary hub (subpackage `secretary/`): the secretary's own branch and its members. The server
 * decides what a secretary may see; this page only asks.
 */
export default function SecretaryBranchPage() {
  const session = useSession({ only: ['secretary'], refusal: '只有支部书记可以使用支部管理' });
  const { member } = session;
  const branchId = member?.branchId;
  const branch = useBranch(branchId);

  if (session.gate) return <View className="page">{session.gate}</View>;
  if (!member) {
    return (
      <View className="page">
        <StateView state="empty" text="只有支部书记可以使用支部管理" />
      </View>
    );
  }

  return (
    <View className="page secretary">
      <Card title="我的支部">
        <Loaded
          load={branch.load}
          onRetry={() => void branch.reload()}
          isEmpty={(b) => !b}
          emptyText="没有找到你所在的支部"
        >
          {(b) =>
            b ? (
              <View>
                <Text className="secretary__branch-name">{b.name}</Text>
                <Text className="muted secretary__college">
                  {[...new Set([b.college, b.linkedUnit].filter(Boolean))].join(' · ') || '—'}
                </Text>
              </View>
            ) : null
          }
        </Loaded>
      </Card>
      <Members branchId={member.branchId} />
    </View>
  );
}

function Members({ branchId }: { branchId: string }) {
  const members = useLoad(() => callApi('member', 'listMembers', { branchId }), [branchId]);
  const list = members.data;
  const pending = list ? list.filter((m) => m.status === 'pending').length : 0;
  return (
    <>
      <Text className="section-title">
        支部成员
        {list ? `（${list.length} 人${pending ? `，${pending} 人待审核` : ''}）` : ''}
      </Text>
      <Card>
        <Loaded
          load={members.load}
          onRetry={() => void members.reload()}
          loadingText="正在加载成员…"
          emptyText="花名册还是空的"
        >
          {(rows) =>
            rows.map((m) => {
              return (
                <ListItem
                  key={m.id}
                  title={m.name}
                  description={m.staffNo}
                  extra={<MemberBadges m={m} quit={false} />}
                />
              );
            })
          }
        </Loaded>
      </Card>
    </>
  );
}
