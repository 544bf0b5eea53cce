import { useMemo } from 'react';
import { View } from '@tarojs/components';
import QRCode from 'qrcode';

/**
 * A QR code drawn with plain Views, so the same component works in the mini-program (no DOM canvas)
 * and in H5. The matrix comes from `qrcode`'s pure encoder; each row's dark runs become one
 * absolutely positioned block, sized in % of a square box (no px → rpx conversion to worry about).
 */
export function QrView({ text, className = '' }: { text: string; className?: string }) {
  const runs = useMemo(() => {
    const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
    const size = qr.modules.size;
    const data = qr.modules.data;
    const quiet = 2;
    const total = size + 2 * quiet;
    const out: { top: number; left: number; width: number; height: number }[] = [];
    for (let y = 0; y < size; y++) {
      let x = 0;
      while (x < size) {
        if (!data[y * size + x]) {
          x++;
          continue;
        }
        let end = x;
        while (end < size && data[y * size + end]) end++;
        out.push({
          top: ((y + quiet) / total) * 100,
          left: ((x + quiet) / total) * 100,
          width: ((end - x) / total) * 100,
          // a hair taller than a module so rows do not show seams when scaled
          height: (1.04 / total) * 100,
        });
        x = end;
      }
    }
    return out;
  }, [text]);

  return (
    <View className={`qr-view ${className}`} data-qr={text}>
      <View className="qr-view__box">
        {runs.map((r, i) => (
          <View
            key={i}
            className="qr-view__run"
            style={{ top: `${r.top}%`, left: `${r.left}%`, width: `${r.width}%`, height: `${r.height}%` }}
          />
        ))}
      </View>
    </View>
  );
}
