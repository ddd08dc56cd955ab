export default definePageConfig({
  navigationBarTitleText: '疫苗接种',
});
