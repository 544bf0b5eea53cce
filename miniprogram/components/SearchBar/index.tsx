import { useState } from 'react';
import { Input, View } from '@tarojs/components';
import './index.scss';

export interface SearchBarProps {
  /** called with the trimmed text on 搜索 or the keyboard's search key ('' clears the search) */
  onSearch: (query: string) => void;
  placeholder?: string;
  maxLength?: number;
  /** the page's background under the field (a card's white or the page's grey) */
  tone?: 'card' | 'page';
}

/** A search field with its 搜索 button: what is typed is searched only when asked (one request per search, not per key). */
export default function SearchBar({
  onSearch,
  placeholder = '按支部名称搜索',
  maxLength = 60,
  tone = 'page',
}: SearchBarProps) {
  const [q, setQ] = useState('');
  const search = () => onSearch(q.trim());
  return (
    <View className="search-bar">
      <Input
        className={`ui-input search-bar__input search-bar__input--${tone}`}
        value={q}
        maxlength={maxLength}
        placeholder={placeholder}
        confirmType="search"
        onInput={(e) => setQ(e.detail.value)}
        onConfirm={search}
      />
      <View className="search-bar__btn" role="button" onClick={search}>
        搜索
      </View>
    </View>
  );
}
