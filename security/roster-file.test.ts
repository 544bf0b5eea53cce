import { useLocalCloud } from '../testing/cloud';
import type { Envelope } from '../types/envelope';
import type { TImportRosterOutput } from '../types/member';
import { isRosterUploadOf } from '../cloudfunctions/member/actions/import-roster';
import { addBranch, addMember } from './fixtures';

/**
 * Regression (security/REVIEW.md S-4): `member.importRoster` with a `fileId` read ANY file in cloud
 * storage with server rights. A secretary of branch A could import branch B's uploaded roster (names
 * and phones of people not yet on B's roster) into A, then read it unmasked — or probe other files
 * (exports/<branch>/…). Only `roster/<branchId>/…` (where the mini-program uploads) is read now.
 */
const cloud = useLocalCloud();
const t0 = Date.now();

async function rows(where: Record<string, unknown>) {
  return (await cloud.db().collection('members').where(where).limit(100).get()).data as Record<
    string,
    unknown
  >[];
}
async function all(coll: string) {
  return JSON.stringify(
    ((await cloud.db().collection(coll).limit(1000).get()).data as unknown[])
      .map((d) => JSON.stringify(d))
      .sort(),
  );
}

beforeAll(async () => {
  for (const id of ['bA', 'bB']) await addBranch(cloud, t0, id, id);
  await addMember(cloud, t0, 'secA', { name: '李书记', roles: ['member', 'secretary'], boundAt: t0 });
}, 60_000);

const importAs = (payload: unknown): Promise<Envelope<TImportRosterOutput>> =>
  cloud.call<TImportRosterOutput>('member', { action: 'importRoster', payload }, 'o_secA');

describe('importRoster reads only the branch’s own roster uploads', () => {
  it('refuses another branch’s upload with INVALID_ARGUMENT (payload.fileId) and writes nothing', async () => {
    const csv = Buffer.from('姓名,工号,手机\n外支部甲,2099B001,13911112222\n', 'utf8');
    const up = await cloud.app().uploadFile({ cloudPath: `roster/bB/${t0}.csv`, fileContent: csv });
    const before = [await all('members'), await all('audit')];
    const r = await importAs({ branchId: 'bA', fileId: up.fileID });
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', details: { fields: [{ path: 'payload.fileId' }] } },
    });
    expect(await rows({ staffNo: '2099B001' })).toEqual([]);
    expect([await all('members'), await all('audit')]).toEqual(before);
  });

  it('refuses files outside roster/ (an export, a path escaping the folder)', async () => {
    const up = await cloud.app().uploadFile({
      cloudPath: 'exports/bB/出勤统计.csv',
      fileContent: Buffer.from('姓名,工号\n甲,2099B002\n'),
    });
    for (const fileId of [
      up.fileID,
      up.fileID.replace('exports/bB/', 'roster/bA/../../exports/bB/'),
      'roster/bA/x.csv',
    ]) {
      const r = await importAs({ branchId: 'bA', fileId });
      expect([fileId, r.ok ? 'ok' : r.error.code]).toEqual([fileId, 'INVALID_ARGUMENT']);
    }
    expect(await rows({ staffNo: '2099B002' })).toEqual([]);
  });

  it('still imports the branch’s own upload', async () => {
    const csv = Buffer.from('姓名,工号,手机\n本支部乙,2099A001,13922223333\n', 'utf8');
    const up = await cloud.app().uploadFile({ cloudPath: `roster/bA/${t0}.csv`, fileContent: csv });
    const r = await importAs({ branchId: 'bA', fileId: up.fileID });
    expect(r).toMatchObject({ ok: true, data: { created: 1 } });
    expect(await rows({ staffNo: '2099A001' })).toMatchObject([{ branchId: 'bA', name: '本支部乙' }]);
  });

  it.each([
    ['cloud://env.bucket/roster/bA/1.csv', 'bA', true],
    ['cloud://env.bucket/roster/bA/sub/1.xlsx', 'bA', true],
    ['cloud://env.bucket/roster/bB/1.csv', 'bA', false],
    ['cloud://env.bucket/roster/bA', 'bA', false],
    ['cloud://env.bucket/roster/bA/../bB/1.csv', 'bA', false],
    ['cloud://env.bucket/roster//1.csv', '', false],
    ['https://evil/roster/bA/1.csv', 'bA', false],
  ])('isRosterUploadOf(%s, %s) → %s', (fileId, branchId, want) => {
    expect(isRosterUploadOf(fileId, branchId)).toBe(want);
  });
});
