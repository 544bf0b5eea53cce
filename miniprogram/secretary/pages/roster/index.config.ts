export default definePageConfig({ navigationBarTitleText: '活动出勤' });
