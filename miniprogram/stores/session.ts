import { create } from 'zustand';
import type { Role, TBindingState, TMeMember } from '@contract/member';
import { callApi, errorText, isApiError, type ApiErrorCode } from '@/services/api';

/**
 * Who the user is: the answer of `member.me`. Pages read it; `refresh()` asks the server again
 * (on launch, after binding, after switching the local identity). No server rule is re-implemented
 * here: roles come from the server, the client only decides which links to show.
 */
export interface SessionState {
  openid: string | null;
  member: TMeMember | null;
  /** Effective roles (a bootstrap admin may have `admin` without a member row). */
  roles: Role[];
  branchName: string | null;
  /** The caller's latest binding request while not active (pending, or rejected with the reason). */
  binding: TBindingState | null;
  /** `member.me` has answered at least once. */
  loaded: boolean;
  loading: boolean;
  error: { code: ApiErrorCode | 'INTERNAL'; message: string } | null;
  refresh(): Promise<void>;
  reset(): void;
}

const initial = {
  openid: null,
  member: null,
  roles: [] as Role[],
  branchName: null,
  binding: null as TBindingState | null,
  loaded: false,
  loading: false,
  error: null,
};

let inFlight: Promise<void> | null = null;

export const useSessionStore = create<SessionState>()((set) => ({
  ...initial,
  refresh() {
    // Several pages may ask at once on launch; one request answers them all.
    if (inFlight) return inFlight;
    set({ loading: true, error: null });
    inFlight = callApi('member', 'me')
      .then((me) => {
        const prev = useSessionStore.getState();
        const sameBranch = prev.member?.branchId === me.member?.branchId;
        set({
          openid: me.openid,
          member: me.member,
          roles: me.roles ?? me.member?.roles ?? [],
          binding: me.binding ?? null,
          // Keep the known name while re-asking; the branch list names it (below).
          branchName: sameBranch ? prev.branchName : null,
          loaded: true,
          loading: false,
          error: null,
        });
        if (me.member && !(sameBranch && prev.branchName)) {
          const branchId = me.member.branchId;
          void branchNameOf(branchId).then((name) => {
            if (useSessionStore.getState().member?.branchId === branchId) set({ branchName: name });
          });
        }
      })
      .catch((e: unknown) => {
        set({ loading: false, error: { code: isApiError(e) ? e.code : 'INTERNAL', message: errorText(e) } });
      })
      .finally(() => {
        inFlight = null;
      });
    return inFlight;
  },
  reset() {
    inFlight = null;
    set({ ...initial });
  },
}));

/** `member.me` answers the branch id; `listBranches` by id names it. A failure only leaves the name out. */
async function branchNameOf(branchId: string): Promise<string | null> {
  try {
    const { items } = await callApi('member', 'listBranches', { ids: [branchId] });
    return items[0]?.name ?? null;
  } catch {
    return null;
  }
}

/** Roles of an *active* member (a pending binding grants nothing yet). */
export function hasRole(s: Pick<SessionState, 'roles' | 'member'>, role: Role): boolean {
  if (role === 'admin' && s.roles.includes('admin')) return true;
  return s.member?.status === 'active' && s.roles.includes(role);
}
