import type { ActivityType, ApprovalMode, ProofMode, SiteKind } from '@contract/activity';

// Value lists live here, not imported from types/ (that would pull zod into the bundle).
export const ACTIVITY_TYPES: readonly ActivityType[] = [
  'theme_day',
  'branch_congress',
  'committee_meeting',
  'group_meeting',
  'party_lecture',
  'volunteer',
  'frontline_practice',
];
export const PROOF_MODES: readonly ProofMode[] = ['either', 'rotating', 'site'];
export const APPROVAL_MODES: readonly ApprovalMode[] = ['risk', 'auto', 'manual'];

/** Labels of the secretary's activity and site pages. */
export const PROOF_LABELS: Record<ProofMode, string> = {
  rotating: '动态码（书记手机出示）',
  site: '阵地码（现场张贴，需定位）',
  either: '动态码或阵地码',
};
export const APPROVAL_LABELS: Record<ApprovalMode, string> = {
  auto: '自动通过（不在范围内转审核）',
  risk: '有风险提示时转审核',
  manual: '全部由书记审核',
};
export const SITE_KINDS: readonly SiteKind[] = [
  'lab',
  'teaching_office',
  'clinical_skills_center',
  'internship_base',
  'community_clinic',
  'service_window',
  'other',
];
export const SITE_KIND_LABELS: Record<SiteKind, string> = {
  lab: '实验室',
  teaching_office: '教研室',
  clinical_skills_center: '临床技能中心',
  internship_base: '实习基地',
  community_clinic: '社区义诊点',
  service_window: '服务窗口',
  other: '其他',
};

/** Where an activity stands now, for the secretary's list. */
export function phase(a: { status: string; startAt: number; endAt: number }, now: number) {
  if (a.status === 'cancelled') return { text: '已取消', tone: 'default' as const };
  if (now < a.startAt) return { text: '未开始', tone: 'primary' as const };
  if (now <= a.endAt) return { text: '进行中', tone: 'success' as const };
  return { text: '已结束', tone: 'default' as const };
}
