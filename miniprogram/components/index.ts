export { default as StateView } from './StateView';
export type { StateViewProps } from './StateView';
export { default as Button } from './Button';
export type { ButtonProps } from './Button';
export { default as Card } from './Card';
export type { CardProps } from './Card';
export { default as ListItem, Badge } from './ListItem';
export type { ListItemProps, BadgeTone } from './ListItem';
