export default definePageConfig({
  navigationBarTitleText: '电子接种证',
});
