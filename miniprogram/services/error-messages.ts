import type { ErrorCode } from '@contract/errors';

/** Codes the client itself raises (never sent by the server). */
export type ClientErrorCode = 'NETWORK' | 'BAD_RESPONSE' | 'NO_IDENTITY';

/**
 * The Chinese text users see for every error code. `Record<ErrorCode, …>` makes a missing code a
 * type error; services/error-messages.test.ts checks the same at run time against ERROR_CODES.
 * Say what happened and, where possible, what to do next.
 */
export const ERROR_MESSAGES: Record<ErrorCode | ClientErrorCode, string> = {
  UNAUTHENTICATED: '未能识别你的身份，请重新进入小程序',
  NOT_BOUND: '你还没有绑定党员身份，请先完成绑定',
  FORBIDDEN: '你没有权限进行此操作',
  INVALID_ARGUMENT: '填写的信息有误，请检查后重试',
  NOT_FOUND: '内容不存在或已被删除',
  CONFLICT: '数据已被修改，请刷新后重试',
  RATE_LIMITED: '操作太频繁，请稍后再试',
  INTERNAL: '服务暂时出现问题，请稍后再试',
  ROSTER_NO_MATCH: '花名册中没有找到匹配的姓名和工号/学号，请核对或联系支部书记',
  ROSTER_ROW_TAKEN: '该花名册记录已被其他微信账号绑定，请联系支部书记',
  ALREADY_BOUND: '你已经绑定过党员身份',
  CODE_INVALID: '签到码无效，请重新扫描现场二维码',
  CODE_EXPIRED: '签到码已过期，请扫描最新的二维码',
  OUTSIDE_WINDOW: '当前不在签到时间内',
  NOT_EXPECTED: '你不在本次活动的参加名单中，如有疑问请联系支部书记',
  LOCATION_REQUIRED: '本次签到需要位置信息，请允许获取位置后重试',
  ACTIVITY_CANCELLED: '活动已取消',
  NO_ACTIVITY_AT_SITE: '该阵地当前没有正在进行的活动',
  NOT_CHECKED_IN: '你还没有签到，无法签退',
  LEAVE_TOO_LATE: '活动已经开始，不能再请假，可在活动结束后申请补签',
  MAKEUP_WINDOW_CLOSED: '已超过补签期限',
  MINUTES_INCOMPLETE: '会议记录尚未填写完整',
  NO_CREDIT: '该成员未订阅提醒消息，无法发送',
  NOT_TEAM_MEMBER: '你还不是该志愿服务队的队员，请先申请加入',
  EVENT_FULL: '名额已满，下次早点报名',
  SIGNUP_CLOSED: '报名已截止，不能再报名或取消',
  EVENT_NOT_ENDED: '活动还没有结束，不能登记时长',
  HOURS_EXCEED_EVENT: '时长超过了活动本身的时长',
  DAILY_CAP_EXCEEDED: '超过了当天可计入的时长上限',
  REPORT_DATE_INVALID: '服务日期不能在今天之后，也不能早于一年前',
  EVIDENCE_NOT_OWNED: '证明材料必须是你本人上传的照片',
  NO_CONFIRMED_HOURS: '所选期间没有已确认的志愿时长',
  CERTIFICATE_INVALID: '证明编号或校验码不正确，该证明无法验证',
  PROJECT_NOT_ACTIVE: '项目尚未启动或已结束，暂不能认领',
  PROJECT_CLOSED: '项目已结束，内容只读',
  PROJECT_HAS_NO_TASKS: '请先添加至少一个任务岗位再启动项目',
  CLAIMS_IN_REVIEW: '还有待验收的成果，请先验收再结束项目',
  TASK_FULL: '该岗位名额已满',
  TASK_OVERDUE: '该岗位已过截止时间，不能再认领',
  CLAIM_LIMIT: '你进行中的认领已达上限，请先完成或释放已有任务',
  INVALID_TRANSITION: '当前状态下不能进行此操作，请刷新后查看',
  EVIDENCE_REQUIRED: '该任务需要上传成果照片作为佐证',
  EVIDENCE_NOT_YOURS: '只能使用你本人为该任务上传的照片',
  REVIEWER_IS_CLAIMER: '不能验收自己认领的任务，请由其他负责人验收',
  MEMBER_NOT_IN_BRANCH: '所选人员不是本支部的在册党员',
  CAPACITY_BELOW_TAKEN: '名额不能少于已认领人数',
  NETWORK: '网络连接失败，请检查网络后重试',
  BAD_RESPONSE: '服务返回了无法识别的内容，请稍后再试',
  NO_IDENTITY: '请先选择演示身份',
};

export function messageFor(code: string): string {
  return (ERROR_MESSAGES as Record<string, string>)[code] ?? ERROR_MESSAGES.INTERNAL;
}
