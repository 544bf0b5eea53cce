export { default as StateView } from './StateView';
export type { StateViewProps } from './StateView';
export { default as Button } from './Button';
export type { ButtonProps } from './Button';
export { default as Card } from './Card';
export type { CardProps } from './Card';
export { default as ListItem, Badge } from './ListItem';
export type { ListItemProps, BadgeTone } from './ListItem';
export { default as RemindMe } from './RemindMe';
export type { RemindMeProps } from './RemindMe';
export { default as PrivacySheet } from './PrivacySheet';
export { default as Loaded } from './Loaded';
export type { LoadedProps } from './Loaded';
export {
  Field,
  TextField,
  TextAreaField,
  SelectField,
  DateTimeField,
  SwitchField,
  FormError,
  FormNote,
  Chips,
  ReasonField,
} from './Form';
export { default as MissingParam } from './MissingParam';
export { default as MemberBadges } from './MemberBadges';
