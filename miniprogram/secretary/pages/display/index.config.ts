export default definePageConfig({
  navigationBarTitleText: '签到码',
  navigationBarBackgroundColor: '#a31218',
  backgroundColor: '#a31218',
});
