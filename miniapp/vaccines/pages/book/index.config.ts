export default definePageConfig({
  navigationBarTitleText: '预约接种',
});
