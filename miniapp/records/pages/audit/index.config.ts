export default definePageConfig({ navigationBarTitleText: '谁查看了我的档案' });
