import { View } from '@tarojs/components';
import qrcode from 'qrcode-generator';
import { useMemo } from 'react';

export interface QrCodeProps {
  text: string;
  /** Target width in CSS px; modules are whole pixels, so the code may come out slightly smaller. */
  size?: number;
  testId?: string;
}

/** Runs of equal modules per row: far fewer views than one per module. */
export function qrRows(text: string): { count: number; rows: Array<Array<{ dark: boolean; span: number }>> } {
  const qr = qrcode(0, 'M');
  qr.addData(text, /^[0-9A-Z $%*+\-./:]*$/.test(text) ? 'Alphanumeric' : 'Byte');
  qr.make();
  const count = qr.getModuleCount();
  const rows = [];
  for (let r = 0; r < count; r++) {
    const runs: Array<{ dark: boolean; span: number }> = [];
    for (let c = 0; c < count; c++) {
      const dark = qr.isDark(r, c);
      const last = runs[runs.length - 1];
      if (last && last.dark === dark) last.span++;
      else runs.push({ dark, span: 1 });
    }
    rows.push(runs);
  }
  return { count, rows };
}

/**
 * A QR code drawn with plain views (black runs on white, 4-module quiet zone): the same in weapp
 * and H5, no canvas, and testable in jsdom. The matrix comes from qrcode-generator (pure JS).
 */
export function QrCode({ text, size = 280, testId = 'qr-code' }: QrCodeProps) {
  const { count, rows } = useMemo(() => qrRows(text), [text]);
  const quiet = 4;
  const cell = Math.max(2, Math.floor(size / (count + quiet * 2)));
  const side = cell * (count + quiet * 2);
  return (
    <View
      data-testid={testId}
      data-modules={count}
      aria-label='电子健康卡二维码'
      style={{ width: `${side}px`, height: `${side}px`, padding: `${cell * quiet}px`, boxSizing: 'border-box', background: '#ffffff', display: 'flex', flexDirection: 'column' }}
    >
      {rows.map((runs, r) => (
        <View key={r} style={{ display: 'flex', flexDirection: 'row', height: `${cell}px` }}>
          {runs.map((run, i) => (
            <View key={i} style={{ width: `${run.span * cell}px`, height: `${cell}px`, background: run.dark ? '#000000' : '#ffffff' }} />
          ))}
        </View>
      ))}
    </View>
  );
}
