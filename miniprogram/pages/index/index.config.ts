export default definePageConfig({
  navigationBarTitleText: '一线支部',
  enablePullDownRefresh: true,
});
