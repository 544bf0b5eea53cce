import type { ActivityType, MyActivityStatus } from '@contract/activity';
import type { MemberStatus, Role } from '@contract/member';
import type { BadgeTone } from '@/components';

export const ROLE_LABELS: Record<Role, string> = {
  member: '党员',
  secretary: '支部书记',
  admin: '管理员',
};

export const MEMBER_STATUS_LABELS: Record<MemberStatus, { text: string; tone: BadgeTone }> = {
  unbound: { text: '未绑定', tone: 'default' },
  pending: { text: '待审核', tone: 'warning' },
  active: { text: '已认证', tone: 'success' },
  left: { text: '已离开', tone: 'default' },
};

export const ACTIVITY_TYPE_LABELS: Record<ActivityType, string> = {
  branch_congress: '支部党员大会',
  committee_meeting: '支委会',
  group_meeting: '党小组会',
  party_lecture: '党课',
  theme_day: '主题党日',
  volunteer: '志愿服务',
  frontline_practice: '一线实践',
};

export const MY_STATUS_LABELS: Record<MyActivityStatus, { text: string; tone: BadgeTone }> = {
  not_expected: { text: '无需参加', tone: 'default' },
  upcoming: { text: '未开始', tone: 'default' },
  open: { text: '可签到', tone: 'primary' },
  checked_in: { text: '已签到', tone: 'success' },
  pending: { text: '签到待审核', tone: 'warning' },
  rejected: { text: '签到未通过', tone: 'danger' },
  leave_pending: { text: '请假待审核', tone: 'warning' },
  on_leave: { text: '已请假', tone: 'default' },
  makeup_pending: { text: '补签待审核', tone: 'warning' },
  absent: { text: '缺席', tone: 'danger' },
  cancelled: { text: '已取消', tone: 'default' },
};
