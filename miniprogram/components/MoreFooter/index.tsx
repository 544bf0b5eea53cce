import { Text } from '@tarojs/components';
import type { MoreState } from '@/hooks/useMore';
import Button from '../Button';
import './index.scss';

export interface MoreFooterProps {
  more: MoreState;
  /** the server said there is a page after this one */
  hasMore: boolean;
  /** how many rows are shown (no end line under an empty list: its empty state says it) */
  shown: number;
  onMore: () => void;
  /** the button while idle (default 加载更多) */
  label?: string;
  /** the line once everything is shown (已显示全部 N 项) */
  endText: string;
}

/** The foot of a paged list (`useMore`): 加载更多 / 正在加载… / 重试加载 with the error, or the end line. */
export default function MoreFooter({
  more,
  hasMore,
  shown,
  onMore,
  label = '加载更多',
  endText,
}: MoreFooterProps) {
  return (
    <>
      {more.error ? <Text className="more-footer__error">加载失败：{more.error}</Text> : null}
      {hasMore ? (
        <Button type="secondary" block loading={more.busy} onClick={onMore}>
          {more.error ? '重试加载' : more.busy ? '正在加载…' : label}
        </Button>
      ) : shown > 0 ? (
        <Text className="more-footer__end muted">{endText}</Text>
      ) : null}
    </>
  );
}
