export default definePageConfig({ navigationBarTitleText: '就诊详情' });
