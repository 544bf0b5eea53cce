import type { TBranch, TListBranchesOutput } from '@contract/member';
import { callApi } from '@/services/api';
import { useLoad, type Loader } from './useLoad';
import { useMore, type MoreState } from './useMore';

/** Branches a page at a time by name (`member.listBranches`), `query`: names containing it. */
export interface BranchList {
  list: Loader<TListBranchesOutput>;
  more: MoreState;
  loadMore: () => Promise<void>;
}

/**
 * The branches of a university, a page of `limit` at a time by name, searched by name: a university
 * has a thousand, so no screen asks for them all; 加载更多 (`<MoreFooter>`) appends the next page.
 */
export function useBranchList(
  query: string,
  { enabled = true, limit = 20 }: { enabled?: boolean; limit?: number } = {},
): BranchList {
  const ask = (cursor?: string) =>
    callApi('member', 'listBranches', {
      ...(query ? { q: query } : {}),
      ...(cursor ? { cursor } : {}),
      limit,
    });
  const list = useLoad(() => ask(), [query, limit], { enabled });
  const { more, loadMore } = useMore(list, async (cur) => {
    if (!cur.nextCursor) return (x) => x;
    const page = await ask(cur.nextCursor);
    return (x) => ({ ...x, items: [...x.items, ...page.items], nextCursor: page.nextCursor });
  });
  return { list, more, loadMore };
}

/** One branch by id (`member.listBranches` with `ids`); null when there is no such branch. */
export function useBranch(id: string | null | undefined, { enabled = true }: { enabled?: boolean } = {}) {
  return useLoad<TBranch | null>(
    async () => (id ? ((await callApi('member', 'listBranches', { ids: [id] })).items[0] ?? null) : null),
    [id],
    { enabled: enabled && Boolean(id) },
  );
}
