import { View, Text } from '@tarojs/components';
import type { ReactNode } from 'react';
import './index.scss';

export interface ListItemProps {
  title: ReactNode;
  description?: ReactNode;
  /** Right side: a status badge or value. */
  extra?: ReactNode;
  /** When set the row is tappable (≥ 44px tall) and shows a chevron. */
  onClick?: () => void;
  arrow?: boolean;
}

/** One row of a list; tappable rows are at least 44px tall. */
export default function ListItem({ title, description, extra, onClick, arrow }: ListItemProps) {
  const tappable = Boolean(onClick);
  return (
    <View
      className={`ui-list-item${tappable ? ' ui-list-item--tappable' : ''}`}
      hoverClass={tappable ? 'ui-list-item--hover' : 'none'}
      role={tappable ? 'button' : undefined}
      onClick={onClick}
    >
      <View className="ui-list-item__main">
        {typeof title === 'string' ? <Text className="ui-list-item__title">{title}</Text> : title}
        {description ? (
          typeof description === 'string' ? (
            <Text className="ui-list-item__desc">{description}</Text>
          ) : (
            description
          )
        ) : null}
      </View>
      {extra ? <View className="ui-list-item__extra">{extra}</View> : null}
      {(arrow ?? tappable) ? <Text className="ui-list-item__arrow">›</Text> : null}
    </View>
  );
}

/** A small rounded label (role, status). */
export function Badge({ children, tone = 'default' }: { children: ReactNode; tone?: BadgeTone }) {
  return <Text className={`ui-badge ui-badge--${tone}`}>{children}</Text>;
}
export type BadgeTone = 'default' | 'primary' | 'success' | 'warning' | 'danger';
