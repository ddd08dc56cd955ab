export default definePageConfig({
  navigationBarTitleText: '考核指标',
});
