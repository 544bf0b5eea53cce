export default definePageConfig({ navigationBarTitleText: '申报志愿服务' });
