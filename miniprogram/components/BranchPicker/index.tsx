import { useState } from 'react';
import { Input, Text, View } from '@tarojs/components';
import type { TBranch } from '@contract/member';
import { useBranch, useBranchList } from '@/hooks/useBranches';
import { branchLabel } from '@/utils/member';
import Button from '../Button';
import ListItem from '../ListItem';
import Loaded from '../Loaded';
import MoreFooter from '../MoreFooter';
import StateView from '../StateView';
import './index.scss';

export interface BranchPickerProps {
  /** the chosen branch; null: none yet, or `allText` */
  value: string | null;
  onChange: (id: string | null, branch: TBranch | null) => void;
  /** a first choice that means every branch (value null), e.g. 全部支部 */
  allText?: string;
  /** an optional choice: the panel's first row clears it (value null; the row then says `placeholder`) */
  clearText?: string;
  /** the row's label (default 支部) */
  label?: string;
  /** what the row says while nothing is chosen (default 请选择支部) */
  placeholder?: string;
}

/**
 * A choice of branch among a university's thousand, one 44 px row: the label and the chosen branch
 * (its name looked up by id). A tap opens the search: 20 branches by name, a search box, 加载更多;
 * a tap on one chooses it. Every state says itself: loading, nothing found, a failed load (retry).
 * Import it from '@/components/BranchPicker' (binding form, secretary, admin and project pages).
 */
export default function BranchPicker({
  value,
  onChange,
  allText,
  clearText,
  label = '支部',
  placeholder = '请选择支部',
}: BranchPickerProps) {
  const [open, setOpen] = useState(false);
  const [picked, setPicked] = useState<TBranch | null>(null);
  const known = picked && picked.id === value ? picked : null;
  const chosen = useBranch(value, { enabled: !known });

  const row = (text: string, muted: boolean, onClick: () => void) => (
    <View className="branch-picker" role="button" onClick={onClick}>
      <Text className="branch-picker__label">{label}</Text>
      <Text className={`branch-picker__value${muted ? ' muted' : ''}`}>{text}</Text>
      <Text className="muted">{open ? '⌃' : '›'}</Text>
    </View>
  );

  let head: JSX.Element;
  if (value === null) head = row(allText ?? placeholder, !allText, () => setOpen(!open));
  else if (known) head = row(branchLabel(known), false, () => setOpen(!open));
  else if (chosen.load.state === 'loading') head = row('正在加载支部…', true, () => setOpen(!open));
  else if (chosen.load.state === 'error')
    head = row('支部加载失败，点此重试', true, () => void chosen.reload());
  else
    head = row(chosen.data ? branchLabel(chosen.data) : '支部不存在，请重新选择', !chosen.data, () =>
      setOpen(!open),
    );

  return (
    <View className="branch-picker__wrap">
      {head}
      {open ? (
        <BranchSearch
          allText={allText ?? clearText}
          value={value}
          onPick={(b) => {
            setPicked(b);
            setOpen(false);
            onChange(b ? b.id : null, b);
          }}
          onCancel={() => setOpen(false)}
        />
      ) : null}
    </View>
  );
}

/** The open picker: a search box and the branches by name, a page at a time. */
function BranchSearch({
  allText,
  value,
  onPick,
  onCancel,
}: {
  allText?: string;
  value: string | null;
  onPick: (b: TBranch | null) => void;
  onCancel: () => void;
}) {
  const [q, setQ] = useState('');
  const [query, setQuery] = useState('');
  const { list, more, loadMore } = useBranchList(query);
  return (
    <View className="branch-picker__panel">
      <View className="branch-picker__search">
        <Input
          className="ui-input branch-picker__input"
          value={q}
          maxlength={60}
          placeholder="按支部名称搜索"
          confirmType="search"
          onInput={(e) => setQ(e.detail.value)}
          onConfirm={() => setQuery(q.trim())}
        />
        <View className="branch-picker__search-btn" role="button" onClick={() => setQuery(q.trim())}>
          搜索
        </View>
      </View>
      {allText && !query ? (
        <ListItem
          title={allText}
          extra={value === null ? <Text className="branch-picker__on">已选</Text> : undefined}
          onClick={() => onPick(null)}
        />
      ) : null}
      <Loaded load={list.load} onRetry={() => void list.reload()} loadingText="正在加载支部…">
        {(page) => (
          <>
            {page.total !== undefined && query ? (
              <Text className="muted branch-picker__sum">
                名称含“{query}”的支部 {page.total} 个
              </Text>
            ) : null}
            {page.items.length === 0 ? (
              <StateView state="empty" text={query ? `没有名称含“${query}”的支部` : '还没有支部'} />
            ) : null}
            {page.items.map((b) => (
              <ListItem
                key={b.id}
                title={b.name}
                description={b.college || undefined}
                extra={b.id === value ? <Text className="branch-picker__on">已选</Text> : undefined}
                onClick={() => onPick(b)}
              />
            ))}
            <MoreFooter
              more={more}
              hasMore={page.nextCursor !== null}
              shown={page.items.length}
              onMore={() => void loadMore()}
              endText={`已显示全部 ${page.items.length} 个支部`}
            />
          </>
        )}
      </Loaded>
      <Button type="secondary" block onClick={onCancel}>
        取消
      </Button>
    </View>
  );
}
