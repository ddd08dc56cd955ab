export default definePageConfig({
  navigationBarTitleText: '自费疫苗',
});
