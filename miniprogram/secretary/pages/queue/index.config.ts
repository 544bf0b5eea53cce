export default definePageConfig({
  navigationBarTitleText: '待审核',
  // The page handles pull-to-refresh (usePullDownRefresh): WeChat fires it only when enabled here.
  enablePullDownRefresh: process.env.TARO_ENV !== 'h5',
});
