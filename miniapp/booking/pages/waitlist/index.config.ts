export default definePageConfig({ navigationBarTitleText: '候补挂号' });
