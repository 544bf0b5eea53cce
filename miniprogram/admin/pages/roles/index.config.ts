export default definePageConfig({ navigationBarTitleText: '角色与绑定' });
