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
  DelegationStatus,
  MemberStatus,
  MinutesStatus,
  MyActivityStatus,
  MyDataCollection,
  ProofMode,
  QueueKind,
  RequestStatus,
  Role,
  RosterRowError,
  SiteKind,
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
  expired: '已过期',
  revoked: '已收回',
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
  'review.approve': '通过',
  'review.reject': '驳回',
  'review.undo': '撤销通过',
  'minutes.save': '保存会议记录',
  'minutes.complete': '完成会议记录',
  'delegation.create': '委托审批',
  'delegation.revoke': '收回委托',
  'attendance.export': '导出出勤表',
  'reminder.nudge': '催签到',
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
  export: '出勤表',
};

/** A label for a value that came from storage as a plain string: the table's name, or `fallback`. */
export function labelOf<K extends string>(table: Record<K, string>, value: string, fallback = ''): string {
  return (table as Record<string, string>)[value] ?? fallback;
}
