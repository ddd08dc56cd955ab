import { articleMessageData, fitThing } from './fields';

describe('subscribe-message fields', () => {
  it.each([
    ['短标题', '短标题'],
    ['一二三四五六七八九十一二三四五六七八九十', '一二三四五六七八九十一二三四五六七八九十'],
    ['一二三四五六七八九十一二三四五六七八九十一', '一二三四五六七八九十一二三四五六七八九…'],
    ['换行\n与\t制表符', '换行 与 制表符'],
    ['😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀', '😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀…'],
    ['   ', '健康资讯'],
  ])('fitThing(%j) = %j and never exceeds 20 characters', (input, expected) => {
    expect(fitThing(input)).toBe(expected);
    expect([...fitThing(input)].length).toBeLessThanOrEqual(20);
  });

  it('fills the template from title, topics and summary', () => {
    expect(articleMessageData({ title: '冬季高血压患者如何科学监测血压，这些误区要避开', summary: '', topics: ['hypertension', 'elderly'] })).toEqual({
      thing1: '冬季高血压患者如何科学监测血压，这些误…',
      thing2: '高血压、老年健康',
      thing3: '点击查看全文',
    });
  });
});
