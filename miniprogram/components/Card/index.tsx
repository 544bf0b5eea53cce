import { View, Text } from '@tarojs/components';
import type { ReactNode } from 'react';
import './index.scss';

export interface CardProps {
  title?: ReactNode;
  /** Right side of the title row (a badge, a small link). */
  extra?: ReactNode;
  children?: ReactNode;
  className?: string;
}

/** A white rounded block; lists inside it use ListItem rows. */
export default function Card({ title, extra, children, className = '' }: CardProps) {
  return (
    <View className={`ui-card ${className}`}>
      {title || extra ? (
        <View className="ui-card__head">
          {typeof title === 'string' ? <Text className="ui-card__title">{title}</Text> : title}
          {extra}
        </View>
      ) : null}
      {children}
    </View>
  );
}
