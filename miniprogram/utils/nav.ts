import Taro from '@tarojs/taro';

/**
 * Routes in one place, so a moved page breaks the type check instead of a tap.
 * Tab pages must be opened with `switchTab`; the rest with `navigateTo`.
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
  /** 先锋领航 (the volunteer subpackage; its own pages: volunteer/lib.ts) */
  volunteer: '/volunteer/pages/index/index',
} as const;

const TAB_PAGES: string[] = [ROUTES.home, ROUTES.me];

export function go(url: string): void {
  const path = url.split('?')[0];
  if (TAB_PAGES.includes(path)) void Taro.switchTab({ url: path });
  else void Taro.navigateTo({ url });
}
