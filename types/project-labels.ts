import type {
  ClaimStatus,
  HistoryAction,
  OpenTo,
  ProjectCategory,
  ProjectStatus,
  Rating,
  TaskState,
} from './project';

/**
 * Chinese labels of the project enums, shared by the server (export 责任清单) and the mini-program.
 * Plain constants, no zod: the client imports them without pulling the schemas into its bundle.
 */
export const PROJECT_STATUS_LABELS: Record<ProjectStatus, string> = {
  draft: '筹备中',
  active: '进行中',
  closed: '已结束',
};

export const OPEN_TO_LABELS: Record<OpenTo, string> = {
  branch: '本支部党员',
  all: '全校党员',
};

export const CATEGORY_LABELS: Record<ProjectCategory, string> = {
  teaching: '教学改革',
  research: '科研攻关',
  clinical: '临床服务',
  safety: '安全管理',
  community: '社区健康',
  service: '服务师生',
  other: '其他',
};

export const CLAIM_STATUS_LABELS: Record<ClaimStatus, string> = {
  pending: '待审批',
  active: '进行中',
  in_review: '待验收',
  done: '已完成',
  released: '已释放',
  auto_released: '超时释放',
  rejected: '未通过',
};

export const TASK_STATE_LABELS: Record<TaskState, string> = {
  open: '可认领',
  in_progress: '进行中',
  full: '已满员',
  in_review: '待验收',
  done: '已完成',
  overdue: '已逾期',
};

export const RATING_LABELS: Record<Rating, string> = {
  excellent: '优秀',
  good: '良好',
  pass: '合格',
  fail: '不合格',
};

export const HISTORY_ACTION_LABELS: Record<HistoryAction, string> = {
  claimed: '认领',
  approved: '审批通过',
  rejected: '审批未通过',
  released: '释放',
  auto_released: '超时自动释放',
  warned: '进展提醒',
  progress: '更新进展',
  submitted: '提交成果',
  returned: '退回修改',
  accepted: '验收通过',
};
