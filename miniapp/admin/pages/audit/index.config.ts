export default definePageConfig({
  navigationBarTitleText: '安全审计',
});
