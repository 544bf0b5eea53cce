import Taro from '@tarojs/taro';
import { create } from 'zustand';

/**
 * WeChat's privacy consent (小程序隐私协议开发指南, base library ≥ 2.32.3): a private API (location,
 * album write, chosen files, …) called before the user agreed to the mini-program's 用户隐私保护指引
 * stays pending and WeChat fires `onNeedPrivacyAuthorization`. The app registers ONE listener at
 * launch (`installPrivacyHandler`); it puts the pending request in this store and the page that made
 * the call shows `<PrivacySheet />`: 同意 is a button with `open-type="agreePrivacyAuthorization"`
 * (WeChat checks that this very button was tapped), 不同意 makes the call fail with
 * "privacy permission is not authorized" — the page then says what it could not do.
 * H5 has no such flow: nothing is ever pending there.
 */
export const PRIVACY_AGREE_BUTTON_ID = 'privacy-agree';

type Resolve = (o: { event: 'exposureAuthorization' | 'agree' | 'disagree'; buttonId?: string }) => void;

export const usePrivacy = create<{
  pending: { resolve: Resolve; referrer: string } | null;
  agree(): void;
  disagree(): void;
}>()((set, get) => ({
  pending: null,
  agree: () => {
    const p = get().pending;
    set({ pending: null });
    p?.resolve({ event: 'agree', buttonId: PRIVACY_AGREE_BUTTON_ID });
  },
  disagree: () => {
    const p = get().pending;
    set({ pending: null });
    p?.resolve({ event: 'disagree' });
  },
}));

let installed = false;

/** Once per launch (app.tsx), weapp only. */
export function installPrivacyHandler(): void {
  if (installed || process.env.TARO_ENV !== 'weapp') return;
  installed = true;
  Taro.onNeedPrivacyAuthorization((resolve, info) => {
    // A second request while one is shown: the earlier one is declined (only one sheet at a time).
    usePrivacy.getState().pending?.resolve({ event: 'disagree' });
    usePrivacy.setState({ pending: { resolve, referrer: info?.referrer ?? '' } });
    resolve({ event: 'exposureAuthorization' });
  });
}

/** Opens the 用户隐私保护指引 the university filled in on the WeChat console. */
export function openPrivacyContract(): void {
  if (process.env.TARO_ENV === 'weapp') void Taro.openPrivacyContract({});
}

/** Whether a failed private call failed because the user declined the privacy guide (errno 104). */
export function isPrivacyRefusal(e: unknown): boolean {
  const msg = String((e as { errMsg?: unknown } | null)?.errMsg ?? '');
  const errno = (e as { errno?: unknown } | null)?.errno;
  return errno === 104 || /privacy permission is not authorized/.test(msg);
}
