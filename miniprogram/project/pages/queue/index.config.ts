export default definePageConfig({ navigationBarTitleText: '认领审批与成果验收' });
