export default definePageConfig({
  navigationBarTitleText: '一线阵地',
});
