export default definePageConfig({
  navigationBarTitleText: '我的健康卡',
});
