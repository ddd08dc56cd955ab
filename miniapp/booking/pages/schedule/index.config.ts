export default definePageConfig({ navigationBarTitleText: '选择就诊时间' });
