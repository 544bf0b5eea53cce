import { View, Text } from '@tarojs/components';
import Button from '../Button';
import './index.scss';

export type StateViewProps =
  | { state: 'loading'; text?: string }
  | { state: 'empty'; text: string; actionText?: string; onAction?: () => void }
  | { state: 'error'; text: string; onRetry?: () => void; retryText?: string };

/**
 * The one way a page shows "loading / nothing here / failed". Every list and every fetch on a page
 * renders one of these instead of an empty screen.
 */
export default function StateView(props: StateViewProps) {
  if (props.state === 'loading') {
    return (
      <View className="state-view state-view--loading" aria-busy="true">
        <View className="state-view__spinner" />
        <Text className="state-view__text">{props.text ?? '加载中…'}</Text>
      </View>
    );
  }
  if (props.state === 'empty') {
    return (
      <View className="state-view state-view--empty">
        <Text className="state-view__text">{props.text}</Text>
        {props.actionText && props.onAction ? (
          <Button type="secondary" size="small" onClick={props.onAction}>
            {props.actionText}
          </Button>
        ) : null}
      </View>
    );
  }
  return (
    <View className="state-view state-view--error" role="alert">
      <Text className="state-view__text">{props.text}</Text>
      {props.onRetry ? (
        <Button type="secondary" size="small" onClick={props.onRetry}>
          {props.retryText ?? '重试'}
        </Button>
      ) : null}
    </View>
  );
}
