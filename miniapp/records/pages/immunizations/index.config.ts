export default definePageConfig({ navigationBarTitleText: '预防接种记录' });
