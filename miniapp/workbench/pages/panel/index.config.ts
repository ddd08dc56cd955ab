export default definePageConfig({
  navigationBarTitleText: '签约居民与随访',
});
