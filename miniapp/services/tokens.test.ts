import { splitTokens } from './tokens';

const tokens = (s: string) =>
  splitTokens(s)
    .filter((p) => p.token)
    .map((p) => p.text);

test('dates, readings, amounts and masked ID numbers are whole tokens; the words around them are not', () => {
  expect(tokens('有效期：2026-03-28 至 2027-03-27')).toEqual(['2026-03-28', '2027-03-27']);
  expect(tokens('血压 150/95 mmHg，≥180/110 请就医')).toEqual(['150/95', '≥180/110']);
  expect(tokens('身份证 110***********002X · 138****8000')).toEqual(['110***********002X', '138****8000']);
  expect(tokens('合计 ¥1,234.50，08:30 取号')).toEqual(['¥1,234.50', '08:30']);
  expect(tokens('请按时服药')).toEqual([]);
});

test('the parts put back together are the text unchanged', () => {
  for (const s of ['签约期满前30天（2027-02-25 起）可在线续约。', '', '5.2 mmol/L达标', '2026-12-05']) {
    expect(
      splitTokens(s)
        .map((p) => p.text)
        .join(''),
    ).toBe(s);
  }
});
