export default definePageConfig({
  navigationBarTitleText: '请家人授权',
  enableShareAppMessage: true,
});
