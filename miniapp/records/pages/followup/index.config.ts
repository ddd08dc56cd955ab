export default definePageConfig({ navigationBarTitleText: '随访详情' });
