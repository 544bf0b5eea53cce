import { useState } from 'react';
import { View, Text } from '@tarojs/components';
import type { QueueKind } from '@contract/enums';
import { Button, ReasonField } from '@/components';
import './shared.scss';

/** The reason sheet of the secretary's decisions: reject, undo and manual add all need a reason. */
/** Quick reject reasons per kind of item (a check-in is never refused for a leave reason). */
export const REJECT_REASONS: Record<QueueKind, string[]> = {
  checkin: ['不在签到范围内', '核实未到会场', '信息与实际不符'],
  leave: ['请假理由不充分', '会议须本人参加', '信息与实际不符'],
  makeup: ['核实未到会场', '已超过补签时限', '信息与实际不符'],
};

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
        <ReasonField
          quick={quick}
          value={reason}
          onChange={setReason}
          placeholder="填写原因（成员可以看到）"
          error={error}
        />
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
