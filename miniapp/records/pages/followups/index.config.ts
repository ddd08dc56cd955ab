export default definePageConfig({ navigationBarTitleText: '慢病随访记录' });
