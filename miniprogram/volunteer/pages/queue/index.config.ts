export default definePageConfig({ navigationBarTitleText: '待办 · 时长确认' });
