export default definePageConfig({ navigationBarTitleText: '会议提醒' });
