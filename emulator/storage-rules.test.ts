import { useLocalCloud } from '../testing/cloud';
import { StorageRules } from './storage-rules';

/**
 * The storage security rule the project deploys (cloudfunctions/storage.rules.json: a client reads and
 * writes only what it uploaded), enforced by the local cloud for client calls — and never for the
 * functions / admin SDK, as on CloudBase.
 */
describe('StorageRules', () => {
  it('evaluates the expressions CloudBase documents for owner-only files', () => {
    const r = new StorageRules({
      read: 'resource.openid == auth.openid',
      write: 'resource.openid == auth.openid',
    });
    expect(r.canRead('oA', 'oA')).toBe(true);
    expect(r.canRead('oB', 'oA')).toBe(false);
    expect(r.canRead(null, 'oA')).toBe(false);
    expect(r.canRead('oA', null)).toBe(false); // a file a function wrote: no client owns it
    expect(new StorageRules({}).canRead('oA', 'oA')).toBe(false); // no key = deny
    expect(new StorageRules({ read: true }).canRead(null, null)).toBe(true);
    expect(new StorageRules({ read: 'auth != null || false' }).canRead('oA', null)).toBe(true);
  });
  it('refuses a rule it does not understand instead of guessing', () => {
    expect(() => new StorageRules({ read: "get('database.x.y').ok" })).toThrow(/not understood/);
  });
});

describe('client storage calls against the project rule', () => {
  const cloud = useLocalCloud({ env: { APP_ADMIN_OPENIDS: 'o_admin' } });
  const upload = (openid: string | null, cloudPath: string, body: string) =>
    fetch(`${cloud.url}/__client/storage/upload?cloudPath=${encodeURIComponent(cloudPath)}`, {
      method: 'POST',
      headers: openid ? { 'x-openid': openid } : {},
      body,
    });
  const download = (openid: string | null, fileID: string) =>
    fetch(`${cloud.url}/__client/storage/download?fileID=${encodeURIComponent(fileID)}`, {
      headers: openid ? { 'x-openid': openid } : {},
    });

  it('only the secretary who uploaded a roster reads it back; other users and anonymous are refused', async () => {
    const up = await upload('o_secA', 'roster/bA/1.csv', '姓名,工号\n张三,2017001\n');
    expect(up.status).toBe(200);
    const { fileID } = (await up.json()) as { fileID: string };
    const mine = await download('o_secA', fileID);
    expect([mine.status, await mine.text()]).toEqual([200, '姓名,工号\n张三,2017001\n']);
    for (const who of ['o_secB', 'o_member', null]) {
      const r = await download(who, fileID);
      expect([who, r.status, ((await r.json()) as { code: string }).code]).toEqual([
        who,
        403,
        'STORAGE_EXCEED_AUTHORITY',
      ]);
    }
    // nobody else may overwrite it
    expect((await upload('o_secB', 'roster/bA/1.csv', 'x')).status).toBe(403);
    // the functions (admin SDK) are not subject to the rule
    const viaSdk = await cloud.app().downloadFile({ fileID });
    expect(String(viaSdk.fileContent)).toContain('张三');
  });

  it('a file a function wrote (no client owner) is readable by no client', async () => {
    const up = await cloud
      .app()
      .uploadFile({ cloudPath: 'site-codes/s1.png', fileContent: Buffer.from('png') });
    expect((await download('o_secA', up.fileID)).status).toBe(403);
    expect((await download('o_admin', up.fileID)).status).toBe(403);
  });
});
