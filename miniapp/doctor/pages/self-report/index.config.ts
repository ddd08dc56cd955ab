export default definePageConfig({
  navigationBarTitleText: '随访自报',
});
