export default definePageConfig({ navigationBarTitleText: '医学审核' });
