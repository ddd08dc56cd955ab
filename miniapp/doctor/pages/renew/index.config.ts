export default definePageConfig({ navigationBarTitleText: '续约家庭医生' });
