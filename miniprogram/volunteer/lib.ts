/** `2.5 小时` */
export const hoursText = (h: number) =>
  `${Number.isInteger(h) ? h : h.toFixed(h * 10 === Math.round(h * 10) ? 1 : 2)} 小时`;

/** Start of this Asia/Shanghai calendar year, epoch ms. */
export function yearStart(now = Date.now()): number {
  const y = new Date(now + 8 * 3_600_000).getUTCFullYear();
  return Date.UTC(y, 0, 1) - 8 * 3_600_000;
}
