import Taro from '@tarojs/taro';

/**
 * Routes in one place, so a moved page breaks the type check instead of a tap.
 * Tab pages must be opened with `switchTab`; the rest with `navigateTo`. Every page of app.config.ts
 * is here (utils/nav.test.ts checks both ways).
 */
export const ROUTES = {
  home: '/pages/index/index',
  me: '/pages/me/index',
  bind: '/pages/bind/index',
  /** H5 only (local demo identity). */
  login: '/pages/login/index',
  secretaryBranch: '/secretary/pages/branch/index',
  adminBranches: '/admin/pages/branches/index',
  adminRoles: '/admin/pages/roles/index',
  secretaryBindings: '/secretary/pages/bindings/index',
  secretaryMembers: '/secretary/pages/members/index',
  secretaryImport: '/secretary/pages/import/index',
  checkin: '/pages/checkin/index',
  records: '/pages/records/index',
  activity: '/pages/activity/index',
  request: '/pages/request/index',
  attendanceQueue: '/secretary/pages/queue/index',
  attendanceDashboard: '/secretary/pages/dashboard/index',
  secretaryActivities: '/secretary/pages/activities/index',
  secretaryActivityEdit: '/secretary/pages/activity-edit/index',
  secretarySites: '/secretary/pages/sites/index',
  secretaryDisplay: '/secretary/pages/display/index',
  secretaryRoster: '/secretary/pages/roster/index',
  secretaryMinutes: '/secretary/pages/minutes/index',
  secretaryDelegation: '/secretary/pages/delegation/index',
  secretaryAudit: '/secretary/pages/audit/index',
  secretaryReminders: '/secretary/pages/reminders/index',
  projectList: '/project/pages/list/index',
  projectBoard: '/project/pages/board/index',
  projectTask: '/project/pages/task/index',
  projectClaim: '/project/pages/claim/index',
  projectMine: '/project/pages/mine/index',
  projectEdit: '/project/pages/edit/index',
  projectQueue: '/project/pages/queue/index',
  projectOverview: '/project/pages/overview/index',
  /** 先锋领航 (the volunteer subpackage) */
  volunteer: '/volunteer/pages/index/index',
  volunteerEvents: '/volunteer/pages/events/index',
  volunteerHours: '/volunteer/pages/hours/index',
  volunteerReport: '/volunteer/pages/report/index',
  volunteerCertificate: '/volunteer/pages/certificate/index',
  volunteerQueue: '/volunteer/pages/queue/index',
  volunteerEventEdit: '/volunteer/pages/event-edit/index',
  volunteerStats: '/volunteer/pages/stats/index',
} as const;
export type Route = (typeof ROUTES)[keyof typeof ROUTES];

const TAB_PAGES: string[] = [ROUTES.home, ROUTES.me];

/** WeChat keeps at most 10 pages on the stack; `navigateTo` fails on the 11th. */
export const MAX_STACK = 10;

type StackPage = { route?: string; options?: Record<string, string | undefined> };

function queryOf(url: string): Record<string, string> {
  const q = url.split('?')[1] ?? '';
  const out: Record<string, string> = {};
  for (const part of q.split('&')) {
    if (!part) continue;
    const [k, v = ''] = part.split('=');
    out[decodeURIComponent(k)] = decodeURIComponent(v);
  }
  return out;
}

/**
 * Where `url` already is on the stack: a page of the same path, and — when `url` carries a query —
 * with the same query (a different activity is a different page). -1 when not on the stack.
 */
export function stackIndexOf(stack: readonly StackPage[], url: string): number {
  const path = url.split('?')[0].replace(/^\//, '');
  const want = queryOf(url);
  const keys = Object.keys(want);
  for (let i = stack.length - 1; i >= 0; i--) {
    const p = stack[i];
    if ((p.route ?? '').replace(/^\//, '') !== path) continue;
    if (keys.every((k) => String(p.options?.[k] ?? '') === want[k])) return i;
  }
  return -1;
}

/**
 * Opens a page without ever growing WeChat's page stack past its limit: a tab page by `switchTab`;
 * a page already on the stack (check-in ↔ records, activity → check-in → records → check-in) by
 * going back to it; near the limit by replacing the current page; otherwise `navigateTo`.
 */
export function go(url: string): void {
  const path = url.split('?')[0];
  if (TAB_PAGES.includes(path)) {
    void Taro.switchTab({ url: path });
    return;
  }
  const stack = Taro.getCurrentPages() as unknown as StackPage[];
  const at = stackIndexOf(stack, url);
  if (at >= 0 && at < stack.length - 1) {
    void Taro.navigateBack({ delta: stack.length - 1 - at });
    return;
  }
  if (at >= 0 && at === stack.length - 1) return; // already showing it
  if (stack.length >= MAX_STACK) void Taro.redirectTo({ url });
  else void Taro.navigateTo({ url });
}
