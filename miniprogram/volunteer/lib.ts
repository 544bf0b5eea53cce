/** `2.5 小时` */
export const hoursText = (h: number) =>
  `${Number.isInteger(h) ? h : h.toFixed(h * 10 === Math.round(h * 10) ? 1 : 2)} 小时`;
