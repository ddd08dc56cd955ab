import { startStack, type Stack } from '../../../test/harness';
import { provisionPersonas } from '../../../../scripts/lib/personas';
import { STARTER_ARTICLES } from '../../../../scripts/lib/starter-articles';
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

it('npm start opens 健康资讯 with the starter articles, reviewed and published once however often it starts', async () => {
  await provisionPersonas(s.bff, s.sandboxUrl);
  await provisionPersonas(s.bff, s.sandboxUrl);
  const zw = await s.login('sbx_resident_zhangwei');
  const feed = await s.api('GET', '/api/v1/content/feed', { token: zw.accessToken });
  expect(feed.status).toBe(200);
  const titles = [...(feed.body.forYou ?? []), ...feed.body.items].map((a: { title: string }) => a.title);
  expect(new Set(titles)).toEqual(new Set(STARTER_ARTICLES.map((a) => a.title)));
  // Each went through 医学审核: approved by the reviewer persona, not by its author.
  const op = await s.login('sbx_operator_wangfang');
  const list = await s.api('GET', '/api/v1/console/content/articles', { token: op.accessToken });
  expect(list.body.items).toHaveLength(STARTER_ARTICLES.length);
  expect(list.body.items.every((a: { status: string }) => a.status === 'published')).toBe(true);
});
