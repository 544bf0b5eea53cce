import { Button as WxButton, Text, View } from '@tarojs/components';
import Button from '../Button';
import { openPrivacyContract, PRIVACY_AGREE_BUTTON_ID, usePrivacy } from '@/services/privacy';
import './index.scss';

/**
 * The privacy consent sheet (services/privacy.ts). Render it on every page that calls a private API
 * (location, album, chosen files, Wi-Fi): it shows only while WeChat holds such a call pending.
 * 同意 must be WeChat's own `open-type="agreePrivacyAuthorization"` button — the platform checks
 * that it was tapped before the pending call may go on.
 */
export default function PrivacySheet({ purpose }: { purpose: string }) {
  const pending = usePrivacy((s) => s.pending);
  const agree = usePrivacy((s) => s.agree);
  const disagree = usePrivacy((s) => s.disagree);
  if (!pending) return null;
  return (
    <View className="privacy-sheet" role="dialog" aria-label="隐私保护提示">
      <View className="privacy-sheet__panel">
        <Text className="privacy-sheet__title">隐私保护提示</Text>
        <Text className="privacy-sheet__body">{purpose}</Text>
        <Text className="privacy-sheet__body">
          使用前请阅读并同意
          <Text className="privacy-sheet__link" onClick={openPrivacyContract}>
            《一线支部隐私保护指引》
          </Text>
          。不同意时，仅这一项功能无法使用。
        </Text>
        <View className="privacy-sheet__actions">
          <Button type="secondary" onClick={disagree}>
            不同意
          </Button>
          <WxButton
            id={PRIVACY_AGREE_BUTTON_ID}
            className="privacy-sheet__agree"
            openType="agreePrivacyAuthorization"
            onAgreePrivacyAuthorization={agree}
          >
            同意
          </WxButton>
        </View>
      </View>
    </View>
  );
}
