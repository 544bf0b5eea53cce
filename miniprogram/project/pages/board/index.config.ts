export default definePageConfig({ navigationBarTitleText: '项目看板' });
