import Taro from '@tarojs/taro';

/**
 * The private WeChat APIs the app uses, in one place (each is declared in app.config.ts —
 * `requiredPrivateInfos` / `permission` — and listed in the privacy guide the university fills in,
 * README "Release"). Each call may first raise the privacy consent sheet (services/privacy.ts): the
 * page that calls one renders `<PrivacySheet />`.
 */

export interface Fix {
  lat: number;
  lng: number;
  accuracy: number;
}

/**
 * WeChat honours `isHighAccuracy` only together with `highAccuracyExpireTime` ≥ 3000 ms (the time it
 * may spend improving the fix); without it the flag does nothing.
 */
export const HIGH_ACCURACY_MS = 4000;

/** The phone's position (WGS-84), or null when refused, unavailable or too slow. */
export async function currentLocation(timeoutMs = 10_000): Promise<Fix | null> {
  try {
    const r = await Promise.race([
      Taro.getLocation({ type: 'wgs84', isHighAccuracy: true, highAccuracyExpireTime: HIGH_ACCURACY_MS }),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), timeoutMs)),
    ]);
    return { lat: r.latitude, lng: r.longitude, accuracy: Math.max(0, r.accuracy ?? 9999) };
  } catch {
    return null;
  }
}

/** `aa:bb:cc:dd:ee:ff`, or null for what is not a usable BSSID (iOS may answer an empty or zero one). */
export function normaliseBssid(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  const s = raw.trim().toLowerCase().replace(/-/g, ':');
  if (!/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/.test(s)) return null;
  if (s === '00:00:00:00:00:00' || s === '02:00:00:00:00:00') return null; // placeholders, not a router
  return s;
}

/**
 * The BSSID of the Wi-Fi the phone is connected to (`startWifi` + `getConnectedWifi`), or null: not
 * on Wi-Fi, Wi-Fi or (Android) location services off, permission refused, or H5 (no such API).
 */
export async function connectedBssid(): Promise<string | null> {
  if (process.env.TARO_ENV !== 'weapp') return null;
  try {
    await Taro.startWifi();
    const r = await Taro.getConnectedWifi({});
    return normaliseBssid((r as { wifi?: { BSSID?: string } }).wifi?.BSSID);
  } catch {
    return null;
  }
}

/**
 * Writes bytes (base64) to a file in the mini-program's user data folder and answers its path —
 * for files the functions answer directly (the export, a site code), so nothing has to be fetched
 * from a storage domain the mini-program may not download from.
 */
export function writeUserFile(name: string, base64: string): Promise<string> {
  const fs = Taro.getFileSystemManager();
  const filePath = `${Taro.env.USER_DATA_PATH}/${name}`;
  return new Promise((resolve, reject) => {
    fs.writeFile({
      filePath,
      data: base64,
      encoding: 'base64',
      success: () => resolve(filePath),
      fail: reject,
    });
  });
}
