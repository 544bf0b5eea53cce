import { useState } from 'react';
import { useRouter } from '@tarojs/taro';
import type { TBranch } from '@contract/member';
import { StateView } from '@/components';
import BranchPicker from '@/components/BranchPicker';
import { useBranch } from '@/hooks/useBranches';
import { useSession, type UseSessionOptions } from '@/hooks/useSession';

/**
 * Which branch a secretary page works on — the hooks every page of the secretary subpackage starts
 * with. The server checks the same again; these only choose what to ask and what to show.
 */
export interface BranchScope {
  /** The branch the page works on: `?branchId=` (admins), else the secretary's own branch. */
  branchId: string | null;
  branch: TBranch | null;
  isAdmin: boolean;
  /** Rendered instead of the page while the session loads, or when the caller may not use it. */
  gate: JSX.Element | null;
  /** A branch picker for admins (null for secretaries). */
  picker: JSX.Element | null;
}

/**
 * Branch pages (roster, bindings, import, activities): a secretary works on their own branch; an
 * admin picks one (or arrives with `?branchId=` from the admin pages). Others see why not.
 */
export function useBranchScope(): BranchScope {
  const session = useSession();
  const { member, isAdmin, isSecretary } = session;
  const params = useRouter().params;
  const [picked, setPicked] = useState<string | null>(params.branchId ?? null);

  const branchId = isAdmin
    ? (picked ?? (isSecretary ? (member?.branchId ?? null) : null))
    : isSecretary
      ? (member?.branchId ?? null)
      : null;
  // the one branch the page works on, by id (a university has a thousand: never the whole list)
  const chosen = useBranch(branchId);
  const branch = chosen.data ?? null;

  let gate: JSX.Element | null = session.gate;
  if (!gate && !isAdmin && !isSecretary) {
    gate = <StateView state="empty" text="只有支部书记和管理员可以使用此页面" />;
  } else if (!gate && !isAdmin && chosen.load.state === 'error') {
    gate = <StateView state="error" text={chosen.load.message} onRetry={() => void chosen.reload()} />;
  }

  // admins see a failed lookup in the picker's row (tap to retry)
  const picker = isAdmin ? <BranchPicker value={branchId} onChange={(id) => setPicked(id)} /> : null;

  return { branchId, branch, isAdmin, gate, picker };
}

export interface AttendanceScope {
  /** `?branchId=` (admins), else the caller's own branch */
  branchId: string | null;
  isAdmin: boolean;
  isSecretary: boolean;
  memberId: string | null;
  /** shown instead of the page while the session loads */
  gate: JSX.Element | null;
}

/**
 * Attendance pages (queue, roster, minutes, dashboard, audit, delegation). Delegates use most of them
 * too, so there is no role gate unless a page asks (`only`, `refusal`: see useSession); the server
 * answers FORBIDDEN to anyone else.
 */
export function useAttendanceScope(roles: Pick<UseSessionOptions, 'only' | 'refusal'> = {}): AttendanceScope {
  const session = useSession(roles);
  const { member, isAdmin, isSecretary } = session;
  const params = useRouter().params;
  let gate = session.gate;
  if (!gate && !member && !isAdmin) gate = <StateView state="empty" text="请先绑定党员身份" />;
  return {
    branchId: params.branchId ?? member?.branchId ?? null,
    isAdmin,
    isSecretary,
    memberId: member?.id ?? null,
    gate,
  };
}
