export default definePageConfig({
  navigationBarTitleText: '推送与数据',
});
