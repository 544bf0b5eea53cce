const mockAnswers: Record<string, (payload?: unknown) => Promise<unknown>> = {};
const mockCalls: string[] = [];
jest.mock('@/services/api', () => {
  const actual = jest.requireActual('@/services/api');
  return {
    ...actual,
    callApi: (fn: string, action: string, payload?: unknown) => {
      mockCalls.push(`${fn}.${action}`);
      return mockAnswers[`${fn}.${action}`](payload);
    },
  };
});
jest.mock('@tarojs/taro', () => ({ __esModule: true, default: {} }));

import type { TMeMember } from '@contract/member';
import { ApiError } from '@/services/api';
import { hasRole, useSessionStore } from './session';

const member: TMeMember = {
  id: 'm1',
  name: '钟南山',
  branchId: 'b1',
  roles: ['member', 'secretary'],
  status: 'active',
};
const branches = [
  { id: 'b0', name: '机关第一党支部', college: '党委办公室' },
  { id: 'b1', name: '呼吸内科教研室党支部', college: '临床医学院' },
];

beforeEach(() => {
  mockCalls.length = 0;
  useSessionStore.getState().reset();
});

describe('useSessionStore', () => {
  it('refresh() loads member.me, then names the branch from member.listBranches by its id', async () => {
    const asked: unknown[] = [];
    mockAnswers['member.me'] = async () => ({ openid: 'o1', member, roles: member.roles });
    mockAnswers['member.listBranches'] = async (p) => {
      asked.push(p);
      const { ids } = p as { ids: string[] };
      return { items: branches.filter((b) => ids.includes(b.id)), nextCursor: null };
    };
    await useSessionStore.getState().refresh();
    const s = useSessionStore.getState();
    expect(s).toMatchObject({
      openid: 'o1',
      member,
      roles: ['member', 'secretary'],
      loaded: true,
      loading: false,
      error: null,
    });
    await new Promise((r) => setTimeout(r, 0));
    expect(useSessionStore.getState().branchName).toBe('呼吸内科教研室党支部');
    // one branch by id, never the university's list
    expect(asked).toEqual([{ ids: ['b1'] }]);
    expect(hasRole(s, 'secretary')).toBe(true);
    expect(hasRole(s, 'admin')).toBe(false);
  });

  it('mockAnswers concurrent refreshes with one request', async () => {
    mockAnswers['member.me'] = async () => ({ openid: 'o2', member: null });
    await Promise.all([useSessionStore.getState().refresh(), useSessionStore.getState().refresh()]);
    expect(mockCalls).toEqual(['member.me']);
    expect(useSessionStore.getState()).toMatchObject({ member: null, loaded: true, branchName: null });
  });

  it('keeps the Chinese error and the code when member.me fails', async () => {
    mockAnswers['member.me'] = async () => {
      throw new ApiError('NETWORK');
    };
    await useSessionStore.getState().refresh();
    expect(useSessionStore.getState()).toMatchObject({
      loaded: false,
      loading: false,
      error: { code: 'NETWORK', message: '网络连接失败，请检查网络后重试' },
    });
  });

  it('grants nothing to a pending member except a bootstrap admin role', () => {
    const pending = { ...member, status: 'pending' as const };
    expect(hasRole({ member: pending, roles: ['member', 'secretary'] }, 'secretary')).toBe(false);
    expect(hasRole({ member: null, roles: ['admin'] }, 'admin')).toBe(true);
  });
});
