export default definePageConfig({
  navigationBarTitleText: '到苗提醒',
});
