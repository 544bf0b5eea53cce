/**
 * App routes. Member pages live in the main package; secretary and admin pages in subpackages
 * so members never download them. To add a page: create `<dir>/index.tsx` + `index.config.ts`
 * and list it here (main `pages`, or the subpackage's `pages` relative to its `root`).
 *
 * `pages/login/index` (local demo identity) exists only in the H5 build: in the mini-program the
 * identity is WeChat's, so the route and its code are left out of the weapp package.
 */
const h5Only = process.env.TARO_ENV === 'h5' ? ['pages/login/index'] : [];

export default defineAppConfig({
  pages: [
    'pages/index/index',
    'pages/me/index',
    'pages/bind/index',
    'pages/checkin/index',
    'pages/records/index',
    'pages/activity/index',
    'pages/request/index',
    ...h5Only,
  ],
  subPackages: [
    {
      root: 'secretary',
      pages: [
        'pages/branch/index',
        'pages/bindings/index',
        'pages/members/index',
        'pages/import/index',
        'pages/activities/index',
        'pages/activity-edit/index',
        'pages/sites/index',
        'pages/display/index',
        'pages/queue/index',
        'pages/roster/index',
        'pages/minutes/index',
        'pages/dashboard/index',
        'pages/delegation/index',
        'pages/audit/index',
        'pages/reminders/index',
      ],
    },
    { root: 'admin', pages: ['pages/branches/index', 'pages/roles/index'] },
    {
      // 先锋领航 (docs/volunteer.md): member and leader pages, downloaded on first use
      root: 'volunteer',
      pages: [
        'pages/index/index',
        'pages/events/index',
        'pages/hours/index',
        'pages/report/index',
        'pages/certificate/index',
        'pages/queue/index',
        'pages/event-edit/index',
        'pages/stats/index',
      ],
    },
  ],
  lazyCodeLoading: 'requiredComponents',
  window: {
    backgroundTextStyle: 'dark',
    backgroundColor: '#f5f5f5',
    navigationBarBackgroundColor: '#c8161d',
    navigationBarTitleText: '一线支部',
    navigationBarTextStyle: 'white',
  },
  tabBar: {
    color: '#666666',
    selectedColor: '#c8161d',
    backgroundColor: '#ffffff',
    borderStyle: 'black',
    list: [
      {
        pagePath: 'pages/index/index',
        text: '首页',
        iconPath: 'assets/tabbar/home.png',
        selectedIconPath: 'assets/tabbar/home-active.png',
      },
      {
        pagePath: 'pages/me/index',
        text: '我的',
        iconPath: 'assets/tabbar/me.png',
        selectedIconPath: 'assets/tabbar/me-active.png',
      },
    ],
  },
});
