import { startStack, type Stack } from '../../../test/harness';
import { provisionPersonas } from '../../../../scripts/lib/personas';
import { User } from '../../db/entities';

let s: Stack;
beforeAll(async () => {
  s = await startStack();
});
afterAll(() => s.close());

it('npm start provisions the resident personas verified by the phone on file (手机号快速验证)', async () => {
  await provisionPersonas(s.bff, s.sandboxUrl);
  const users = s.bff.services.ds.getRepository(User);
  for (const openid of ['sbx_resident_zhangwei', 'sbx_resident_wangxiuying']) {
    const u = await users.findOneByOrFail({ openid });
    expect(u.identityMethod).toBe('phone');
    expect(u.realNameVerifiedAt).not.toBeNull();
  }
  // 张伟's family was set up through the public API once he was verified.
  const zw = await s.login('sbx_resident_zhangwei');
  const members = await s.api('GET', '/api/v1/family/members', { token: zw.accessToken });
  expect(members.body.items.map((m: { name: string }) => m.name)).toEqual(expect.arrayContaining(['张伟', '陈静', '王秀英']));
});
