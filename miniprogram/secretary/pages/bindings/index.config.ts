export default definePageConfig({ navigationBarTitleText: '待审核绑定' });
