export default definePageConfig({
  navigationBarTitleText: '添加家庭成员',
});
