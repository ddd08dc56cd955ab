export default definePageConfig({
  navigationBarTitleText: '选择家庭医生团队',
});
