/**
 * Demo data, part 1: a small medical university's branches and roster (issue 4). Written through
 * the real SDK app it is given (the emulator's `--seed`), in the stored shapes of
 * cloudfunctions/core/repos. Deterministic: the same names, numbers and openids on every run, so
 * demo scripts and e2e tests can name them.
 *
 * Demo openids: `demo-admin` (党委组织部 admin), `demo-sec-<n>` (secretary of branch n, 1-based),
 * `demo-m-<k>` (members; a few are pending). Unbound roster rows have no openid: a new WeChat user
 * binds to them (see DEMO_UNBOUND).
 */
import type { BranchKind, MemberStatus, Role } from '../../types/member';

type App = { database(): { collection(name: string): { add(data: unknown): Promise<unknown> } } };

export interface SeedBranch {
  id: string;
  name: string;
  college: string;
  kind: BranchKind;
  linkedUnit: string;
}

export interface SeedMember {
  id: string;
  branchId: string;
  name: string;
  staffNo: string;
  phone: string;
  openid: string | null;
  status: MemberStatus;
  roles: Role[];
}

export interface SeedContext {
  branches: SeedBranch[];
  adminOpenid: string;
  secretaries: { openid: string; memberId: string; branchId: string; name: string }[];
  members: SeedMember[];
}

export const BRANCHES: SeedBranch[] = [
  {
    id: 'br-neike',
    name: '临床医学院内科学教研室党支部',
    college: '临床医学院',
    kind: 'teacher',
    linkedUnit: '内科学教研室',
  },
  {
    id: 'br-bingli',
    name: '基础医学院病理学实验室党支部',
    college: '基础医学院',
    kind: 'teacher',
    linkedUnit: '病理学实验室',
  },
  {
    id: 'br-zuzhi',
    name: '机关党委组织部党支部',
    college: '机关党委',
    kind: 'functional',
    linkedUnit: '党委组织部',
  },
  {
    id: 'br-bk2023',
    name: '临床医学院2023级本科生党支部',
    college: '临床医学院',
    kind: 'student',
    linkedUnit: '2023级临床医学专业',
  },
  {
    id: 'br-jizhen',
    name: '附属第一医院急诊科党支部',
    college: '附属第一医院',
    kind: 'teacher',
    linkedUnit: '急诊科',
  },
  {
    id: 'br-gongwei',
    name: '公共卫生学院流行病学系党支部',
    college: '公共卫生学院',
    kind: 'teacher',
    linkedUnit: '流行病与卫生统计学系',
  },
  {
    id: 'br-huliyjs',
    name: '护理学院研究生党支部',
    college: '护理学院',
    kind: 'student',
    linkedUnit: '护理学硕士研究生',
  },
  {
    id: 'br-litui',
    name: '离退休教职工第一党支部',
    college: '离退休工作处',
    kind: 'retired',
    linkedUnit: '离退休工作处',
  },
];

/** Unbound roster rows a demo or e2e user can bind to (name + number as on the roster). */
export const DEMO_UNBOUND: { branchId: string; name: string; staffNo: string }[] = [
  { branchId: 'br-neike', name: '林晓峰', staffNo: '2016031' },
  { branchId: 'br-neike', name: '郑雅文', staffNo: '2019044' },
  { branchId: 'br-bk2023', name: '宋佳怡', staffNo: '2023010218' },
];

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严莫孔向常汤';
const GIVEN = [
  '建华',
  '秀英',
  '志强',
  '丽娟',
  '海燕',
  '国庆',
  '晓明',
  '静怡',
  '俊杰',
  '婷婷',
  '文博',
  '雪梅',
  '永刚',
  '慧敏',
  '子涵',
  '浩然',
  '欣怡',
  '宇轩',
  '思远',
  '佳琪',
  '明辉',
  '淑芬',
  '振华',
  '玉兰',
  '立新',
  '红梅',
  '卫东',
  '凤英',
  '春生',
  '晓燕',
  '鹏飞',
  '梦瑶',
  '一鸣',
  '诗涵',
  '天佑',
  '若曦',
  '嘉懿',
  '雨桐',
  '泽宇',
  '可馨',
];
const PHONE_PREFIXES = [
  '138',
  '139',
  '137',
  '136',
  '135',
  '158',
  '159',
  '186',
  '187',
  '188',
  '150',
  '151',
  '177',
  '199',
];

/** A small deterministic PRNG (mulberry32), so the demo is the same on every run. */
export function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** 15 rows per branch: the secretary, 10 active members, 2 pending bindings, 2 unbound rows. */
export function buildRoster(): SeedContext {
  const rnd = prng(20261127);
  const pick = <T>(xs: readonly T[] | string): T => xs[Math.floor(rnd() * xs.length)] as T;
  const usedNames = new Set(DEMO_UNBOUND.map((u) => u.name));
  const usedNos = new Set(DEMO_UNBOUND.map((u) => u.staffNo));
  const nameOf = () => {
    for (;;) {
      const n = pick<string>(SURNAMES) + pick(GIVEN);
      if (!usedNames.has(n)) return (usedNames.add(n), n);
    }
  };
  const phoneOf = () => pick(PHONE_PREFIXES) + String(Math.floor(rnd() * 1e8)).padStart(8, '0');
  const numberOf = (b: SeedBranch) => {
    for (;;) {
      // 学号: year + college code + class + seat; 工号: entry year + sequence (retirees: early years)
      const n =
        b.kind === 'student'
          ? `${b.id === 'br-bk2023' ? 2023 : 2024}${b.id === 'br-bk2023' ? '01' : '07'}${String(1 + Math.floor(rnd() * 4)).padStart(2, '0')}${String(1 + Math.floor(rnd() * 40)).padStart(2, '0')}`
          : `${b.kind === 'retired' ? 1980 + Math.floor(rnd() * 15) : 1998 + Math.floor(rnd() * 26)}${String(Math.floor(rnd() * 1000)).padStart(3, '0')}`;
      if (!usedNos.has(n)) return (usedNos.add(n), n);
    }
  };

  const members: SeedMember[] = [];
  const secretaries: SeedContext['secretaries'] = [];
  let k = 0;
  let seq = 0;
  const add = (b: SeedBranch, m: Omit<SeedMember, 'id' | 'branchId' | 'phone'> & { phone?: string }) => {
    const row: SeedMember = {
      id: `m-${String(++seq).padStart(4, '0')}`,
      branchId: b.id,
      phone: phoneOf(),
      ...m,
    };
    members.push(row);
    return row;
  };
  BRANCHES.forEach((b, i) => {
    const sec = add(b, {
      name: nameOf(),
      staffNo: numberOf(b),
      openid: `demo-sec-${i + 1}`,
      status: 'active',
      roles: ['member', 'secretary'],
    });
    secretaries.push({ openid: sec.openid as string, memberId: sec.id, branchId: b.id, name: sec.name });
    if (b.id === 'br-zuzhi') {
      add(b, {
        name: '欧阳红',
        staffNo: '2001017',
        openid: 'demo-admin',
        status: 'active',
        roles: ['member', 'admin'],
      });
    }
    for (let j = 0; j < 12; j++) {
      add(b, {
        name: nameOf(),
        staffNo: numberOf(b),
        openid: `demo-m-${++k}`,
        status: j < 10 ? 'active' : 'pending',
        roles: ['member'],
      });
    }
    const fixed = DEMO_UNBOUND.filter((u) => u.branchId === b.id);
    for (const u of fixed)
      add(b, { name: u.name, staffNo: u.staffNo, openid: null, status: 'unbound', roles: ['member'] });
    for (let j = fixed.length; j < 2; j++) {
      add(b, { name: nameOf(), staffNo: numberOf(b), openid: null, status: 'unbound', roles: ['member'] });
    }
  });
  return { branches: BRANCHES, adminOpenid: 'demo-admin', secretaries, members };
}

/** Writes the branches, roster rows and pending binding requests; answers the context later seeds use. */
export async function seedMembers(app: App, now = Date.now()): Promise<SeedContext> {
  const ctx = buildRoster();
  const db = app.database();
  await db
    .collection('branches')
    .add(
      ctx.branches
        .map((b) => ({ _id: b.id, ...b, id: undefined, createdAt: now, updatedAt: now }))
        .map(stripUndefined),
    );
  const day = 24 * 3600 * 1000;
  await db.collection('members').add(
    ctx.members.map((m) =>
      stripUndefined({
        _id: m.id,
        branchId: m.branchId,
        name: m.name,
        staffNo: m.staffNo,
        phone: m.phone,
        // unbound rows hold the placeholder the unique openid index needs (core/repos/members.ts)
        openid: m.openid ?? `unbound:${m.id}`,
        status: m.status,
        roles: m.roles,
        boundAt: m.status === 'active' ? now - 30 * day : undefined,
        createdAt: now - 60 * day,
        updatedAt: now - day,
      }),
    ),
  );
  const pending = ctx.members.filter((m) => m.status === 'pending');
  await db.collection('bindings').add(
    pending.map((m, i) => ({
      _id: `bd-${m.id}`,
      openid: m.openid,
      memberId: m.id,
      branchId: m.branchId,
      status: 'pending',
      createdAt: now - (i + 1) * 3600 * 1000,
      updatedAt: now - (i + 1) * 3600 * 1000,
    })),
  );
  return ctx;
}

function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
