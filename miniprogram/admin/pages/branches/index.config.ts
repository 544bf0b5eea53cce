export default definePageConfig({
  navigationBarTitleText: '全校支部',
  // See pages/index/index.config.ts: pull-down refresh in the mini-program only.
  enablePullDownRefresh: process.env.TARO_ENV !== 'h5',
});
