export default definePageConfig({ navigationBarTitleText: '以演示身份进入' });
