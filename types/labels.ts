import type {
  ActivityStatus,
  ActivityType,
  ApprovalMode,
  AttendanceStatus,
  AuditAction,
  AuditTarget,
  BindingStatus,
  BranchKind,
  CheckinFlag,
  CheckinMethod,
  CheckinStatus,
  ClaimStatus,
  DelegationStatus,
  HoursFlag,
  HoursKind,
  HoursStatus,
  RoundingMode,
  SignupStatus,
  TeamMemberStatus,
  HistoryAction,
  MemberStatus,
  MinutesStatus,
  MyActivityStatus,
  MyDataCollection,
  OpenTo,
  ProjectCategory,
  ProjectStatus,
  ProofMode,
  QueueKind,
  Rating,
  RequestStatus,
  Role,
  RosterRowError,
  SiteKind,
  TaskState,
} from './enums';

/**
 * The Chinese name of every value of ./enums.ts, once: the mini-program's pages, the .xlsx export and
 * the reminder messages all read these tables, so one thing has one name everywhere (支部委员会, not
 * 支委会 on one screen and 支部委员会 in the export; 阵地码 for the printed site code everywhere).
 * Each table is a `Record` over its list: a value added to ./enums.ts without a name here does not
 * compile. Zod-free and import-free at run time (the mini-program bundles this file).
 *
 * Words: 阵地 = a frontline site (一线阵地), 阵地码 = its printed code; 动态码 = the organiser's rotating
 * QR; 补签 = a member's make-up request; 补录 = a secretary's manual add.
 */

// ---- member -------------------------------------------------------------------------------------
export const ROLE_LABELS: Record<Role, string> = {
  member: '党员',
  secretary: '支部书记',
  admin: '管理员',
};

export const MEMBER_STATUS_LABELS: Record<MemberStatus, string> = {
  unbound: '未绑定',
  pending: '待审核',
  active: '已认证',
  left: '已离开',
};

export const BRANCH_KIND_LABELS: Record<BranchKind, string> = {
  teacher: '教工支部',
  student: '学生支部',
  functional: '机关支部',
  retired: '离退休支部',
};

export const ROSTER_ROW_ERROR_LABELS: Record<RosterRowError, string> = {
  NAME_REQUIRED: '缺少姓名',
  STAFF_NO_REQUIRED: '缺少工号/学号',
  STAFF_NO_INVALID: '工号/学号格式不正确',
  PHONE_INVALID: '手机号格式不正确',
  DUPLICATE_IN_FILE: '工号/学号在文件中重复',
  STAFF_NO_IN_OTHER_BRANCH: '该工号/学号已在其他支部',
};

export const BINDING_STATUS_LABELS: Record<BindingStatus, string> = {
  pending: '待审核',
  approved: '已通过',
  rejected: '未通过',
  ended: '已解除',
};

export const MY_DATA_COLLECTION_LABELS: Record<MyDataCollection, string> = {
  bindings: '绑定申请',
  audit: '操作记录',
  checkins: '签到记录',
  requests: '请假/补签',
  credits: '消息订阅',
  throttles: '绑定失败计数',
};

// ---- activity -----------------------------------------------------------------------------------
export const ACTIVITY_TYPE_LABELS: Record<ActivityType, string> = {
  branch_congress: '支部党员大会',
  committee_meeting: '支部委员会',
  group_meeting: '党小组会',
  party_lecture: '党课',
  theme_day: '主题党日',
  volunteer: '志愿服务',
  frontline_practice: '一线实践',
};

export const SITE_KIND_LABELS: Record<SiteKind, string> = {
  lab: '实验室',
  teaching_office: '教研室',
  clinical_skills_center: '临床技能中心',
  internship_base: '实习基地',
  community_clinic: '社区义诊点',
  service_window: '服务窗口',
  other: '其他',
};

export const ACTIVITY_STATUS_LABELS: Record<ActivityStatus, string> = {
  scheduled: '已安排',
  cancelled: '已取消',
};

/** How a member proves presence: the name of each option (the secretary's form). */
export const PROOF_LABELS: Record<ProofMode, string> = {
  rotating: '动态码（书记手机出示）',
  site: '阵地码（现场张贴，需定位）',
  either: '动态码或阵地码',
};
/** The same, as an instruction to the member (the activity page). */
export const PROOF_HINTS: Record<ProofMode, string> = {
  rotating: '扫描书记出示的动态码',
  site: '扫描现场张贴的阵地码',
  either: '动态码或阵地码均可',
};

export const APPROVAL_LABELS: Record<ApprovalMode, string> = {
  auto: '自动通过（不在范围内转审核）',
  risk: '有风险提示时转审核',
  manual: '全部由书记审核',
};

export const MY_STATUS_LABELS: Record<MyActivityStatus, string> = {
  not_expected: '无需参加',
  upcoming: '未开始',
  open: '可签到',
  checked_in: '已签到',
  pending: '签到待审核',
  rejected: '签到未通过',
  leave_pending: '请假待审核',
  on_leave: '已请假',
  makeup_pending: '补签待审核',
  absent: '缺席',
  cancelled: '已取消',
};

// ---- checkin ------------------------------------------------------------------------------------
export const CHECKIN_STATUS_LABELS: Record<CheckinStatus | 'revoked', string> = {
  approved: '已通过',
  pending: '待审核',
  rejected: '未通过',
  revoked: '已撤销',
};

export const CHECKIN_METHOD_LABELS: Record<CheckinMethod, string> = {
  rotating: '扫动态码',
  site: '扫阵地码',
  manual: '书记补录',
  makeup: '补签',
};

export const FLAG_LABELS: Record<CheckinFlag, string> = {
  outside_fence: '不在签到范围',
  low_accuracy: '定位精度低',
  device_shared: '同一设备多人签到',
  same_coordinates: '与他人坐标相同',
  too_fast: '扫码过快',
  offline_late: '离线补传过晚',
};

// ---- attendance ---------------------------------------------------------------------------------
export const QUEUE_KIND_LABELS: Record<QueueKind, string> = {
  checkin: '签到',
  leave: '请假',
  makeup: '补签',
};

export const REQUEST_STATUS_LABELS: Record<RequestStatus, string> = {
  pending: '待审核',
  approved: '已通过',
  rejected: '未通过',
  revoked: '已撤销',
  withdrawn: '已撤回',
};

export const ATTENDANCE_STATUS_LABELS: Record<AttendanceStatus, string> = {
  present: '出席',
  pending: '待审核',
  leave: '请假',
  absent: '缺席',
};

export const MINUTES_STATUS_LABELS: Record<MinutesStatus, string> = {
  draft: '草稿',
  complete: '已完成',
};

export const DELEGATION_STATUS_LABELS: Record<DelegationStatus, string> = {
  active: '生效中',
  scheduled: '未开始',
  expired: '已到期',
  revoked: '已收回',
};

// ---- project ----------------------------------------------------------------------------------
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

// ---- audit --------------------------------------------------------------------------------------
/** What a person did, as the audit page and 我的数据 say it. */
export const AUDIT_ACTION_LABELS: Record<AuditAction, string> = {
  'member.createBranch': '新建支部',
  'member.updateBranch': '修改支部',
  'member.importRoster': '导入花名册',
  'member.bind': '申请绑定',
  'member.reviewBinding': '审核绑定',
  'member.setRoles': '设置角色',
  'member.unbind': '解除绑定',
  'member.requestDeletion': '申请注销',
  'member.completeDeletion': '完成注销',
  'site.create': '新建阵地',
  'site.update': '修改阵地',
  'activity.create': '创建活动',
  'activity.update': '修改活动',
  'activity.cancel': '取消活动',
  'checkin.flag': '签到风险提示',
  'checkin.manualAdd': '补录出勤',
  'request.leave': '提交请假',
  'request.makeup': '提交补签',
  'request.withdraw': '撤回申请',
  'review.approve': '通过',
  'review.reject': '驳回',
  'review.undo': '撤销通过',
  'minutes.save': '保存会议记录',
  'minutes.complete': '完成会议记录',
  'delegation.create': '委托审批',
  'delegation.revoke': '收回委托',
  'attendance.export': '导出出勤表',
  'reminder.nudge': '催签到',
  'volunteer.team.create': '新建志愿服务队',
  'volunteer.team.rules': '修改时长规则',
  'volunteer.team.leaders': '设置队长',
  'volunteer.team.add': '添加队员',
  'volunteer.join.approve': '同意入队',
  'volunteer.join.reject': '拒绝入队',
  'volunteer.event.create': '发布志愿活动',
  'volunteer.hours.auto': '自动计入时长',
  'volunteer.hours.confirm': '确认时长',
  'volunteer.hours.reject': '驳回时长',
  'volunteer.hours.add': '补录时长',
  'volunteer.hours.correct': '更正时长',
  'volunteer.export': '导出志愿时长',
  'project.create': '创建行动项目',
  'project.addTask': '添加任务岗位',
  'project.updateTask': '修改任务岗位',
  'project.activate': '启动项目',
  'project.close': '结束项目',
  'project.settings': '修改认领规则',
  'project.export': '导出责任清单',
  'project.overdue': '任务逾期',
};

export const AUDIT_TARGET_LABELS: Record<AuditTarget, string> = {
  branch: '支部',
  member: '成员',
  site: '阵地',
  activity: '活动',
  checkin: '签到',
  leave: '请假',
  makeup: '补签',
  minutes: '会议记录',
  delegation: '委托',
  export: '导出文件',
  project: '行动项目',
  project_task: '任务岗位',
  team: '志愿服务队',
  team_member: '队员',
  hours: '志愿时长',
};

// ---- volunteer (先锋领航) ------------------------------------------------------------------------
export const HOURS_KIND_LABELS: Record<HoursKind, string> = {
  verified: '签到核验',
  added: '组织补录',
  reported: '个人申报',
};

export const HOURS_STATUS_LABELS: Record<HoursStatus, string> = {
  pending: '待确认',
  confirmed: '已确认',
  rejected: '已驳回',
  superseded: '已更正',
};

export const ROUNDING_LABELS: Record<RoundingMode, string> = {
  floor: '向下取整',
  nearest: '四舍五入',
};

export const TEAM_MEMBER_STATUS_LABELS: Record<TeamMemberStatus, string> = {
  pending: '待审核',
  active: '队员',
  rejected: '未通过',
};

export const SIGNUP_STATUS_LABELS: Record<SignupStatus, string> = {
  signed_up: '已报名',
  cancelled: '已取消',
};

export const HOURS_FLAG_LABELS: Record<HoursFlag, string> = {
  no_checkout: '未签退',
  duration_unverified: '签退未核验位置',
  below_min_stay: '停留不足最低比例',
  daily_cap: '超出每日上限',
  checkin_pending: '签到待审核',
  own_entry: '本人时长',
  no_evidence: '无证明材料',
};

/** A label for a value that came from storage as a plain string: the table's name, or `fallback`. */
export function labelOf<K extends string>(table: Record<K, string>, value: string, fallback = ''): string {
  return (table as Record<string, string>)[value] ?? fallback;
}
