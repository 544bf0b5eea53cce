import Taro from '@tarojs/taro';

/**
 * The lowest WeChat base library (基础库) the app works on: the newest "since" version among the APIs
 * it needs. Set the same value in the WeChat console (设置 → 基本设置 → 基础库最低版本设置, README
 * "Release"); below it WeChat asks the user to update, and the app itself says so at launch.
 */
export const API_SINCE = {
  onNeedPrivacyAuthorization: '2.32.3',
  openPrivacyContract: '2.32.3',
  'button open-type=agreePrivacyAuthorization': '2.32.3',
  'getLocation highAccuracyExpireTime': '2.9.0',
  'cloud.callFunction': '2.2.3',
  'cloud.uploadFile': '2.2.3',
  requestSubscribeMessage: '2.4.4',
  'getSetting withSubscriptions': '2.10.1',
  chooseMessageFile: '2.5.0',
  startWifi: '1.6.0',
  getConnectedWifi: '1.6.0',
  getFileSystemManager: '1.9.9',
  saveImageToPhotosAlbum: '1.2.0',
  openDocument: '1.0.0',
  getAppBaseInfo: '2.25.3',
} as const;

export const MIN_BASE_LIBRARY = '2.32.3';

/** Compares dotted versions: negative when a < b. */
export function compareVersion(a: string, b: string): number {
  const pa = a.split('.').map((n) => parseInt(n, 10) || 0);
  const pb = b.split('.').map((n) => parseInt(n, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** weapp: the running base library, or null when it cannot be read. */
export function runningBaseLibrary(): string | null {
  try {
    const info = Taro.getAppBaseInfo ? Taro.getAppBaseInfo() : Taro.getSystemInfoSync();
    return (info as { SDKVersion?: string }).SDKVersion ?? null;
  } catch {
    return null;
  }
}

/** At launch: on a base library older than the minimum, tell the user to update WeChat. */
export function warnIfBaseLibraryTooOld(): boolean {
  if (process.env.TARO_ENV !== 'weapp') return false;
  const v = runningBaseLibrary();
  if (!v || compareVersion(v, MIN_BASE_LIBRARY) >= 0) return false;
  void Taro.showModal({
    title: '请更新微信',
    content: `当前微信版本过低（基础库 ${v}），签到定位、隐私授权等功能无法使用。请将微信更新到最新版本后再打开。`,
    showCancel: false,
    confirmText: '知道了',
  });
  return true;
}
