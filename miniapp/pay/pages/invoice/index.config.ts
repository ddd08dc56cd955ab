export default definePageConfig({ navigationBarTitleText: '医疗收费电子票据' });
