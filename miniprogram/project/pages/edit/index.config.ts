export default definePageConfig({ navigationBarTitleText: '行动项目' });
