import { View } from '@tarojs/components';
import StateView from '../StateView';

/** A page opened without the parameter it needs (a broken link): say so, never a blank page. */
export default function MissingParam({ text = '链接不完整：没有指定活动' }: { text?: string }) {
  return (
    <View className="page">
      <StateView state="error" text={text} />
    </View>
  );
}
