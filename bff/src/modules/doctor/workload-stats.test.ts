import { median, p90 } from './workload';

describe('workload statistics', () => {
  it('median of an odd and an even count, none of nothing', () => {
    expect(median([7, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
  });
  it('p90 is the nearest rank: 9 of 1..10, the largest of a few, one decimal', () => {
    expect(p90([10, 9, 8, 7, 6, 5, 4, 3, 2, 1])).toBe(9);
    expect(p90([1, 2, 3])).toBe(3);
    expect(p90([2.44])).toBe(2.4);
    expect(p90([])).toBeNull();
  });
});
