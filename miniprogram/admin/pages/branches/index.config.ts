export default definePageConfig({ navigationBarTitleText: '全校支部', enablePullDownRefresh: true });
