import { View } from '@tarojs/components';
import type { ReactNode } from 'react';
import './index.scss';

export interface ButtonProps {
  children: ReactNode;
  onClick?: () => void;
  /** primary: the page's main action; secondary: outlined; plain: text-only link style. */
  type?: 'primary' | 'secondary' | 'plain';
  size?: 'normal' | 'small';
  disabled?: boolean;
  /** Shows progress and ignores taps (every long action shows progress). */
  loading?: boolean;
  block?: boolean;
  className?: string;
}

/** A tappable button at least 44px tall, with disabled and loading states. */
export default function Button({
  children,
  onClick,
  type = 'primary',
  size = 'normal',
  disabled = false,
  loading = false,
  block = false,
  className = '',
}: ButtonProps) {
  const inactive = disabled || loading;
  const cls = [
    'ui-button',
    `ui-button--${type}`,
    `ui-button--${size}`,
    block ? 'ui-button--block' : '',
    inactive ? 'ui-button--disabled' : '',
    className,
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <View
      className={cls}
      hoverClass={inactive ? 'none' : 'ui-button--hover'}
      role="button"
      aria-disabled={inactive}
      onClick={() => {
        if (!inactive && onClick) onClick();
      }}
    >
      {loading ? <View className="ui-button__spinner" /> : null}
      {children}
    </View>
  );
}
