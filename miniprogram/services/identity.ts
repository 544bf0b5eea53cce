import Taro from '@tarojs/taro';

/**
 * H5 only: the local "WeChat user" the browser acts as. In the mini-program the identity is
 * WeChat's own (the platform attaches the openid to every cloud call), so nothing is stored.
 */
const KEY = 'localcloud.openid';

export function getLocalOpenid(): string | null {
  try {
    const v: unknown = Taro.getStorageSync(KEY);
    return typeof v === 'string' && v ? v : null;
  } catch {
    return null;
  }
}

export function setLocalOpenid(openid: string): void {
  Taro.setStorageSync(KEY, openid);
}

export function clearLocalOpenid(): void {
  Taro.removeStorageSync(KEY);
}

/** A new random openid-like id, for acting as a WeChat user the roster has never seen. */
export function randomOpenid(): string {
  const chars = 'abcdefghijklmnopqrstuvwxyz0123456789';
  let s = 'o_new_';
  for (let i = 0; i < 10; i++) s += chars[Math.floor(Math.random() * chars.length)];
  return s;
}
