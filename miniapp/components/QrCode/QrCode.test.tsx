import { render, screen } from '@testing-library/react';
import { QrCode, qrRows } from './index';

const TEXT = `${'9A1C'.repeat(16)}:1:1790000000`;

describe('QrCode', () => {
  it('turns the text into whole rows of runs with the three finder patterns', () => {
    const { count, rows } = qrRows(TEXT);
    expect(rows).toHaveLength(count);
    for (const runs of rows) expect(runs.reduce((n, r) => n + r.span, 0)).toBe(count);
    // Finder patterns: 7 dark modules at the start of the first row and at its end, and in the last row's start.
    expect(rows[0][0]).toEqual({ dark: true, span: 7 });
    expect(rows[0][rows[0].length - 1]).toEqual({ dark: true, span: 7 });
    expect(rows[count - 1][0]).toEqual({ dark: true, span: 7 });
    expect(qrRows(TEXT)).toEqual({ count, rows });
    expect(qrRows(`${TEXT}1`).rows).not.toEqual(rows);
  });

  it('draws black on white in whole-pixel modules inside a quiet zone, no wider than asked', () => {
    render(<QrCode text={TEXT} size={280} />);
    const el = screen.getByTestId('qr-code');
    const count = Number(el.getAttribute('data-modules'));
    const width = parseInt(el.style.width, 10);
    expect(width).toBeLessThanOrEqual(280);
    expect(width % (count + 8)).toBe(0);
    const cell = width / (count + 8);
    expect(el.style.padding).toBe(`${cell * 4}px`);
    expect(el.children).toHaveLength(count);
    const colours = new Set(Array.from(el.children).flatMap((row) => Array.from(row.children).map((d) => (d as HTMLElement).style.background)));
    expect([...colours].sort()).toEqual(['rgb(0, 0, 0)', 'rgb(255, 255, 255)']);
  });
});
