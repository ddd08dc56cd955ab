export default definePageConfig({ navigationBarTitleText: '健康体检' });
