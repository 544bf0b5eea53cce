import type { ReactNode } from 'react';
import { Input, Picker, Switch, Text, Textarea, View } from '@tarojs/components';
import '../../styles/form.scss';

/**
 * Form rows: a label, the control, and the field's own error under it. Every form of the app is
 * built from these, so labels, 44 px controls and error text look and behave the same everywhere.
 */
export interface FieldProps {
  /** none where the card or sheet above already says what is asked */
  label?: ReactNode;
  error?: string | null;
  hint?: ReactNode;
  className?: string;
  children: ReactNode;
}

export function Field({ label, error, hint, className = '', children }: FieldProps) {
  return (
    <View className={`form__field${error ? ' form__field--bad' : ''} ${className}`}>
      {label ? <Text className="form__label">{label}</Text> : null}
      {children}
      {hint ? <Text className="muted form__hint">{hint}</Text> : null}
      {error ? <Text className="form__error">{error}</Text> : null}
    </View>
  );
}

export interface TextFieldProps {
  label: ReactNode;
  value: string;
  onChange: (value: string) => void;
  placeholder?: string;
  maxlength?: number;
  disabled?: boolean;
  type?: 'text' | 'number' | 'digit' | 'idcard';
  error?: string | null;
  hint?: ReactNode;
  /** extra classes of the input box */
  inputClassName?: string;
}

export function TextField({ inputClassName = '', onChange, ...p }: TextFieldProps) {
  return (
    <Field label={p.label} error={p.error} hint={p.hint}>
      <Input
        className={`ui-input form__input-box ${inputClassName}`}
        type={p.type ?? 'text'}
        value={p.value}
        maxlength={p.maxlength}
        disabled={p.disabled}
        placeholder={p.placeholder}
        onInput={(e) => onChange(e.detail.value)}
      />
    </Field>
  );
}

export interface TextAreaFieldProps extends Omit<TextFieldProps, 'type'> {
  className?: string;
}

export function TextAreaField({ className = '', onChange, ...p }: TextAreaFieldProps) {
  return (
    <Field label={p.label} error={p.error} hint={p.hint}>
      <Textarea
        className={`form__textarea ${className}`}
        value={p.value}
        maxlength={p.maxlength}
        disabled={p.disabled}
        placeholder={p.placeholder}
        onInput={(e) => onChange(e.detail.value)}
      />
    </Field>
  );
}

export interface SelectFieldProps<T> {
  label: ReactNode;
  /** the choices, in the order shown */
  values: readonly T[];
  /** each choice as the person reads it */
  labelOf: (v: T) => string;
  /** null: nothing chosen yet (shows `placeholder`) */
  value: T | null;
  onChange: (v: T) => void;
  placeholder?: string;
  disabled?: boolean;
  error?: string | null;
  hint?: ReactNode;
}

/** A choice from a list (WeChat's bottom wheel). */
export function SelectField<T>(p: SelectFieldProps<T>) {
  const index = p.value === null ? -1 : p.values.indexOf(p.value);
  return (
    <Field label={p.label} error={p.error} hint={p.hint}>
      <Picker
        mode="selector"
        disabled={p.disabled}
        range={p.values.map(p.labelOf)}
        value={Math.max(0, index)}
        onChange={(e) => {
          const v = p.values[Number(e.detail.value)];
          if (v !== undefined) p.onChange(v);
        }}
      >
        <PickerFace
          text={index >= 0 ? p.labelOf(p.values[index]) : (p.placeholder ?? '请选择')}
          muted={index < 0}
        />
      </Picker>
    </Field>
  );
}

export interface DateTimeFieldProps {
  label: ReactNode;
  mode: 'date' | 'time';
  /** `YYYY-MM-DD` or `HH:mm` */
  value: string;
  onChange: (v: string) => void;
  /** how the value reads (default: the value itself) */
  display?: string;
  /** the earliest choice (same format as `value`) */
  start?: string;
  /** the latest choice (same format as `value`) */
  end?: string;
  disabled?: boolean;
  error?: string | null;
  className?: string;
}

export function DateTimeField(p: DateTimeFieldProps) {
  return (
    <Field label={p.label} error={p.error} className={p.className}>
      <Picker
        mode={p.mode}
        disabled={p.disabled}
        value={p.value}
        start={p.start}
        end={p.end}
        onChange={(e) => p.onChange(e.detail.value)}
      >
        <PickerFace text={p.display ?? p.value} />
      </Picker>
    </Field>
  );
}

function PickerFace({ text, muted = false }: { text: string; muted?: boolean }) {
  return (
    <View className="form__picker">
      <Text className={muted ? 'muted form__picker-text' : 'form__picker-text'}>{text}</Text>
      <Text className="muted">›</Text>
    </View>
  );
}

export interface SwitchFieldProps {
  label: ReactNode;
  checked: boolean;
  onChange: (v: boolean) => void;
  disabled?: boolean;
}

/** A yes/no row: the label on the left, the switch on the right (it never leaves the card). */
export function SwitchField(p: SwitchFieldProps) {
  return (
    <View className="form__field form__switch">
      <Text className="form__switch-label">{p.label}</Text>
      <Switch
        disabled={p.disabled}
        checked={p.checked}
        color="#c8161d"
        onChange={(e) => p.onChange(e.detail.value)}
      />
    </View>
  );
}

export interface ChipsProps<T> {
  /** the choices, in the order shown */
  values: readonly T[];
  /** each choice as the person reads it */
  labelOf: (v: T) => ReactNode;
  /** whether a choice is on (one choice: `(v) => v === value`; toggles: `(v) => chosen.includes(v)`) */
  isOn?: (v: T) => boolean;
  onPick: (v: T) => void;
  /** one row that the chips share evenly (a few short labels) */
  row?: boolean;
}

/** Choices as 44 px chips in one tap (a rating, a seat count, a filter, a preset). */
export function Chips<T>({ values, labelOf, isOn = () => false, onPick, row = false }: ChipsProps<T>) {
  return (
    <View className={`form__chips${row ? ' form__chips--row' : ''}`}>
      {values.map((v, i) => (
        <View
          key={i}
          role="button"
          className={`form__chip${isOn(v) ? ' form__chip--on' : ''}`}
          onClick={() => onPick(v)}
        >
          <Text>{labelOf(v)}</Text>
        </View>
      ))}
    </View>
  );
}

export interface ReasonFieldProps {
  label?: ReactNode;
  /** one-tap reasons shown above the box */
  quick: readonly string[];
  value: string;
  onChange: (value: string) => void;
  placeholder?: string;
  error?: string | null;
}

/** A reason to give (a leave, a refusal): one-tap templates above a box of at most 200 characters. */
export function ReasonField(p: ReasonFieldProps) {
  return (
    <Field label={p.label} error={p.error}>
      <Chips values={p.quick} labelOf={(q) => q} isOn={(q) => p.value === q} onPick={p.onChange} />
      <Textarea
        className="form__textarea form__reason"
        value={p.value}
        maxlength={200}
        placeholder={p.placeholder}
        onInput={(e) => p.onChange(e.detail.value)}
      />
    </Field>
  );
}

/** The form's own error (a refusal of the whole form), announced to screen readers. */
export function FormError({ message }: { message: string | null | undefined }) {
  if (!message) return null;
  return (
    <View className="form__alert" role="alert">
      <Text>{message}</Text>
    </View>
  );
}

/** A short note above or inside a form (what happens next, why something is locked). */
export function FormNote({ children }: { children: ReactNode }) {
  return (
    <View className="form__note">
      <Text>{children}</Text>
    </View>
  );
}
