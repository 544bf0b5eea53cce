import { Picker, Text, View } from '@tarojs/components';
import type { TBranch } from '@contract/member';
import type { Load } from '@/hooks/useLoad';
import { branchLabel } from '@/utils/member';
import './index.scss';

export interface BranchPickerProps {
  /** the branches (`member.listBranches`), fetched by the page: it needs them too */
  branches: Load<TBranch[]>;
  onRetry: () => void;
  /** the chosen branch; null: none yet, or `allText` */
  value: string | null;
  onChange: (id: string | null) => void;
  /** a first choice that means every branch (value null), e.g. 全部支部 */
  allText?: string;
}

/**
 * An admin's choice of branch, one 44 px row: 支部 and the chosen one; while the list loads it says so,
 * and a list that failed to load is retried by a tap on the row. Import it from
 * '@/components/BranchPicker' (secretary, admin and project pages).
 */
export default function BranchPicker({ branches, onRetry, value, onChange, allText }: BranchPickerProps) {
  const list = branches.state === 'ready' ? branches.data : [];
  const names = [...(allText ? [allText] : []), ...list.map(branchLabel)];
  const offset = allText ? 1 : 0;
  const at = list.findIndex((b) => b.id === value);
  const index = at >= 0 ? at + offset : allText && value === null ? 0 : -1;
  const row = (label: string, muted: boolean) => (
    <View className="branch-picker">
      <Text className="branch-picker__label">支部</Text>
      <Text className={`branch-picker__value${muted ? ' muted' : ''}`}>{label}</Text>
      <Text className="muted">›</Text>
    </View>
  );
  if (branches.state === 'loading') return row('正在加载支部…', true);
  if (branches.state === 'error')
    return (
      <View role="button" onClick={onRetry}>
        {row('支部列表加载失败，点此重试', true)}
      </View>
    );
  return (
    <Picker
      mode="selector"
      range={names}
      value={Math.max(index, 0)}
      onChange={(e) => {
        const i = Number(e.detail.value) - offset;
        onChange(i < 0 ? null : (list[i]?.id ?? null));
      }}
    >
      {row(index >= 0 ? names[index] : '请选择支部', index < 0)}
    </Picker>
  );
}
