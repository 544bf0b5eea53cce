export default definePageConfig({
  navigationBarTitleText: '一线支部',
  // Pull-down refresh is a mini-program gesture; in the H5 build Taro's pull-to-refresh wrapper
  // gets in the way of taps (and a browser has reload), so it is off there.
  enablePullDownRefresh: process.env.TARO_ENV !== 'h5',
});
