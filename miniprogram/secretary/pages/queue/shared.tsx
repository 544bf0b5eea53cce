import { useState } from 'react';
import { View, Text, Textarea } from '@tarojs/components';
import { useDidShow, useRouter } from '@tarojs/taro';
import { Button, StateView } from '@/components';
import { hasRole, useSessionStore } from '@/stores/session';
import './shared.scss';

/**
 * Shared by the attendance pages of the secretary subpackage: which branch they work on, and the
 * reason sheet (reject, undo, manual add all need a reason).
 */
export type Load<T> =
  { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; data: T };

export interface AttendanceScope {
  /** `?branchId=` (admins), else the caller's own branch */
  branchId: string | null;
  isAdmin: boolean;
  isSecretary: boolean;
  memberId: string | null;
  /** shown instead of the page while the session loads */
  gate: JSX.Element | null;
}

/** Delegates use these pages too, so there is no role gate here: the server answers FORBIDDEN. */
export function useAttendanceScope(): AttendanceScope {
  const session = useSessionStore();
  const { member, loaded, error, refresh } = session;
  const params = useRouter().params;
  useDidShow(() => {
    if (!loaded) void refresh();
  });
  const isAdmin = hasRole(session, 'admin');
  let gate: JSX.Element | null = null;
  if (!loaded)
    gate = error ? (
      <StateView state="error" text={error.message} onRetry={() => void refresh()} />
    ) : (
      <StateView state="loading" />
    );
  else if (!member && !isAdmin) gate = <StateView state="empty" text="请先绑定党员身份" />;
  return {
    branchId: params.branchId ?? member?.branchId ?? null,
    isAdmin,
    isSecretary: hasRole(session, 'secretary'),
    memberId: member?.id ?? null,
    gate,
  };
}

export const REJECT_REASONS = [
  '不在签到范围内',
  '核实未到会场',
  '请假理由不充分',
  '已超过补签时限',
  '信息与实际不符',
];

export interface ReasonSheetProps {
  title: string;
  /** quick-reason templates */
  quick: string[];
  confirmText: string;
  danger?: boolean;
  busy?: boolean;
  error?: string | null;
  onCancel: () => void;
  onConfirm: (reason: string) => void;
}

/** A bottom sheet asking for a reason, with quick templates; confirm stays disabled while empty. */
export function ReasonSheet({
  title,
  quick,
  confirmText,
  busy,
  error,
  onCancel,
  onConfirm,
}: ReasonSheetProps) {
  const [reason, setReason] = useState('');
  const text = reason.trim();
  return (
    <View className="reason-sheet">
      <View className="reason-sheet__mask" onClick={onCancel} />
      <View className="reason-sheet__panel" role="dialog" aria-label={title}>
        <Text className="reason-sheet__title">{title}</Text>
        <View className="reason-sheet__chips">
          {quick.map((q) => (
            <View
              key={q}
              className={`reason-sheet__chip${reason === q ? ' reason-sheet__chip--on' : ''}`}
              onClick={() => setReason(q)}
            >
              {q}
            </View>
          ))}
        </View>
        <Textarea
          className="reason-sheet__input"
          value={reason}
          maxlength={200}
          placeholder="填写原因（成员可以看到）"
          onInput={(e) => setReason(e.detail.value)}
        />
        {error ? <Text className="reason-sheet__error">{error}</Text> : null}
        <View className="reason-sheet__actions">
          <Button type="secondary" onClick={onCancel}>
            取消
          </Button>
          <Button disabled={!text} loading={busy} onClick={() => onConfirm(text)}>
            {confirmText}
          </Button>
        </View>
      </View>
    </View>
  );
}
