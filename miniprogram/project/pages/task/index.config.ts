export default definePageConfig({ navigationBarTitleText: '任务岗位' });
