export default definePageConfig({ navigationBarTitleText: '体检详情' });
