/**
 * Who you can log in as in the H5 build. The openids are what the sandbox's jscode2session
 * answers; residents' ID numbers are the valid test vectors of ../shared/domain/health-rules.md.
 */
export const PERSONAS = [
  { openid: 'sbx_resident_zhangwei', label: '居民 张伟（有家庭）', role: 'resident' as const },
  { openid: 'sbx_resident_new', label: '新居民（未实名）', role: 'resident' as const },
  { openid: 'sbx_resident_wangxiuying', label: '居民 王秀英（张伟的母亲）', role: 'resident' as const },
  { openid: 'sbx_doctor_liming', label: '家庭医生 李明', role: 'doctor' as const, doctorId: 'D-FD-001' },
  { openid: 'sbx_operator_wangfang', label: '健康教育运营 王芳', role: 'operator' as const },
  { openid: 'sbx_reviewer_chenjing', label: '医学审核 陈静', role: 'reviewer' as const },
  { openid: 'sbx_admin', label: '管理员', role: 'admin' as const },
];

/** Phone numbers the sandbox hands out for the personas' getPhoneNumber codes. */
export const PERSONA_PHONES: Record<string, string> = {
  sbx_resident_zhangwei: '13800138000',
  sbx_resident_new: '13912345678',
  sbx_resident_wangxiuying: '13701010088',
};
