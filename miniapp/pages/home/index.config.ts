export default definePageConfig({
  navigationBarTitleText: '健康口袋',
});
