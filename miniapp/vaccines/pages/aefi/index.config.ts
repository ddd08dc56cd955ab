export default definePageConfig({
  navigationBarTitleText: '疑似预防接种异常反应',
});
