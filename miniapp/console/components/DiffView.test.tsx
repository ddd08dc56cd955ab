import { render, screen } from '@testing-library/react';
import type { RevisionDiff } from '@healthpocket/shared-types';
import { DiffView } from './DiffView';

const field = (f: RevisionDiff['fields'][number]['field'], label: string, lines: RevisionDiff['fields'][number]['lines']) => ({ field: f, label, changed: lines.some((l) => l.op !== 'same'), lines });

describe('DiffView', () => {
  it('shows only the changed fields, deletions and additions marked', () => {
    const diff: RevisionDiff = {
      from: 1,
      to: 2,
      fields: [
        field('title', '标题', [
          { op: 'del', text: '旧标题' },
          { op: 'add', text: '新标题' },
        ]),
        field('summary', '摘要', []),
        field('coverImageId', '封面', [
          { op: 'del', text: 'img-1' },
          { op: 'add', text: 'img-2' },
        ]),
      ],
    };
    const { container } = render(<DiffView diff={diff} />);
    expect(screen.getByText('第2版与第1版对比')).toBeTruthy();
    expect(screen.queryByText('摘要')).toBeNull();
    expect(container.querySelector('.cs-diff__line--del')?.textContent).toBe('− 旧标题');
    expect(container.querySelector('.cs-diff__line--add')?.textContent).toBe('+ 新标题');
    // An image id means nothing to a reviewer.
    expect(screen.getByText('封面已更换')).toBeTruthy();
    expect(container.textContent).not.toContain('img-2');
  });

  it('shows a first version as its own lines, with no empty deletions', () => {
    const diff: RevisionDiff = {
      from: 0,
      to: 1,
      fields: [
        field('bodyMd', '正文', [
          { op: 'del', text: '' },
          { op: 'add', text: '## 小标题' },
        ]),
      ],
    };
    const { container } = render(<DiffView diff={diff} />);
    expect(screen.getByText('第1版（首个版本）')).toBeTruthy();
    expect(container.querySelectorAll('.cs-diff__line--del')).toHaveLength(0);
    expect(container.querySelector('.cs-diff__line--add')?.textContent).toBe('+ ## 小标题');
  });
});
