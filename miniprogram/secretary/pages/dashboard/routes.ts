/** The attendance pages of the secretary subpackage (listed in app.config.ts). */
export const ATTENDANCE_ROUTES = {
  dashboard: '/secretary/pages/dashboard/index',
  queue: '/secretary/pages/queue/index',
  roster: '/secretary/pages/roster/index',
  minutes: '/secretary/pages/minutes/index',
  delegation: '/secretary/pages/delegation/index',
  audit: '/secretary/pages/audit/index',
} as const;
