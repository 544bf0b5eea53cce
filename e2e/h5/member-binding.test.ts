import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import type { LocalCloud } from '../../emulator/index';
import { DEMO_UNBOUND } from '../../scripts/seed/members';
import { hasChromium, startH5Suite, warnIfNoChromium, type H5Suite } from './browser';

/**
 * Member flows in the H5 build on the local cloud (demo data), in Chromium at a phone viewport:
 * a brand-new WeChat user binds to a roster row, the branch secretary (demo identity) approves on
 * the pending-bindings page, and the user's home then shows them bound. Also visits the roster,
 * import, "me" and admin pages and screenshots each (e2e/screenshots/member-*.png).
 * Needs `npm run build:h5` and `npm run build:functions` first (npm test runs them).
 */
warnIfNoChromium('member e2e');
const describeBrowser = hasChromium ? describe : describe.skip;

describeBrowser('member flows (H5 on the local cloud, Chromium)', () => {
  let suite: H5Suite;
  let cloud: LocalCloud;
  const newcomer = { openid: `o_e2e_${Date.now().toString(36)}`, ...DEMO_UNBOUND[0] };

  beforeAll(async () => {
    suite = await startH5Suite('member', { functions: ['member'] });
    cloud = suite.cloud;
  }, 120_000);

  afterAll(() => suite?.stop());

  /** Taro's H5 <Input> wraps a real <input> inside <taro-input-core>. */
  const fill = (page: Page, placeholder: string, value: string) =>
    page.locator(`input[placeholder="${placeholder}"]`).fill(value);

  let user: Page;
  let secretary: Page;

  it('a new WeChat user binds by name and number and sees the pending request', async () => {
    user = await suite.as(newcomer.openid);
    await page_bind(user);
    await user.locator('.ui-card__title', { hasText: '绑定申请审核中' }).waitFor({ timeout: 20_000 });
    await user.getByText(newcomer.name, { exact: true }).waitFor();
    await user.locator('.bind__value', { hasText: '临床医学院内科学教研室党支部' }).waitFor();
    await suite.shot(user, 'member-bind-pending');
  });

  async function page_bind(page: Page) {
    await suite.open(page, '/pages/bind/index');
    await page.locator('.ui-card__title', { hasText: '填写花名册信息' }).waitFor();
    await fill(page, '请输入姓名', newcomer.name);
    await fill(page, '请输入工号或学号', '0000000');
    await page.getByText('提交绑定申请').click();
    // a wrong number: refused in Chinese, nothing bound
    await page.getByText('没有找到可绑定的花名册记录', { exact: false }).waitFor();
    await suite.shot(page, 'member-bind-error');
    // the branch is chosen by searching its name (a university has a thousand: no full list)
    await page.getByText('请选择（可不选）', { exact: true }).click();
    await fill(page, '按支部名称搜索', '内科学');
    await page.locator('.branch-picker__search-btn').click();
    await page.getByText('名称含“内科学”的支部 1 个').waitFor({ timeout: 20_000 });
    await suite.shot(page, 'member-bind-branch-search');
    await page.locator('.ui-list-item', { hasText: '临床医学院内科学教研室党支部' }).click();
    await page
      .locator('.branch-picker__value', { hasText: '临床医学院内科学教研室党支部（临床医学院）' })
      .waitFor();
    await fill(page, '请输入工号或学号', newcomer.staffNo);
    await page.getByText('提交绑定申请').click();
  }

  it('the branch secretary (demo identity) sees the request and approves it', async () => {
    secretary = await suite.as('demo-sec-1', { pick: true });
    await secretary.locator('.weui-tabbar__label', { hasText: '我的' }).click();
    await secretary.getByText('待审核绑定', { exact: true }).click();
    const card = secretary.locator('.pending', { hasText: newcomer.name });
    await card.waitFor({ timeout: 20_000 });
    await card.getByText(newcomer.staffNo).waitFor(); // the secretary sees the number unmasked
    await suite.shot(secretary, 'member-bindings');
    await card.getByText('通过', { exact: true }).click();
    await card.waitFor({ state: 'detached', timeout: 20_000 });
  });

  it("the user's home then shows them bound, and 我的 shows their own data unmasked", async () => {
    await suite.open(user, '/pages/index/index');
    await user.reload();
    await user.getByText(`${newcomer.name}，你好`).waitFor({ timeout: 20_000 });
    await suite.settled(user);
    await suite.shot(user, 'member-home-bound');
    await user.locator('.weui-tabbar__label', { hasText: '我的' }).click();
    await user.getByText(newcomer.staffNo, { exact: true }).waitFor({ timeout: 20_000 });
    await user.locator('.ui-badge', { hasText: '已认证' }).filter({ visible: true }).waitFor();
    await user.getByText('绑定申请', { exact: true }).waitFor(); // 我的数据 lists the binding request
    await user.getByText('查看明细').click();
    await user
      .getByText(/已通过/)
      .first()
      .waitFor();
    await suite.shot(user, 'member-me');
  });

  it('a rejection with a reason reaches the applicant, who may bind again', async () => {
    // demo-m-11 is one of the two pending bindings of the 内科学教研室 branch (scripts/seed)
    const me = (await (
      await fetch(cloud.url + '/fn/member', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-openid': 'demo-m-11' },
        body: JSON.stringify({ action: 'me' }),
      })
    ).json()) as { data: { member: { name: string } } };
    const name = me.data.member.name;
    await suite.open(secretary, '/secretary/pages/bindings/index');
    const card = secretary.locator('.pending', { hasText: name });
    await card.getByText('驳回', { exact: true }).click();
    await card.getByText('确认驳回').click();
    await card.getByText('请填写驳回原因').waitFor(); // a reason is required, in the page
    await card.locator('input[placeholder="例如：姓名与工号不符"]').fill('工号与姓名不符，请核对后重新提交');
    await suite.shot(secretary, 'member-bindings-reject');
    await card.getByText('确认驳回').click();
    await card.waitFor({ state: 'detached', timeout: 20_000 });

    const applicant = await suite.as('demo-m-11');
    await suite.open(applicant, '/pages/bind/index');
    await applicant.getByText('上次的绑定申请未通过').waitFor({ timeout: 20_000 });
    await applicant.getByText('原因：工号与姓名不符，请核对后重新提交').waitFor();
    await applicant.getByText('重新提交绑定申请').waitFor();
    await suite.shot(applicant, 'member-bind-rejected');
  });

  it('the secretary sees the roster (with the new member active) and imports pasted CSV with a per-row report', async () => {
    await suite.open(secretary, '/secretary/pages/members/index');
    await secretary.getByText(newcomer.name, { exact: true }).waitFor({ timeout: 20_000 });
    await suite.shot(secretary, 'member-members');

    await suite.open(secretary, '/secretary/pages/import/index');
    const csv =
      '姓名,工号,手机\n郭嘉明,2020881,13912340001\n,2020882,\n罗晓,2020883,1391234\n郭嘉明,2020881,';
    await secretary.locator('textarea').fill(csv);
    await secretary.getByText('共 4 行').waitFor();
    await secretary.getByText('开始导入').click();
    await secretary.locator('.ui-card__title', { hasText: '导入结果' }).waitFor({ timeout: 20_000 });
    await secretary.getByText('缺少姓名').waitFor();
    await secretary.getByText('手机号格式不正确').waitFor();
    await secretary.getByText('工号/学号在文件中重复').waitFor();
    await suite.shot(secretary, 'member-import');

    // pick an .xlsx file (the H5 build reads it in the browser and sends it as base64)
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('花名册');
    ws.addRow(['学号', '姓名', '手机号']);
    for (let i = 1; i <= 30; i++)
      ws.addRow([`20231100${String(i).padStart(2, '0')}`, `测试成员${i}`, `1360000${String(1000 + i)}`]);
    const buffer = Buffer.from(await wb.xlsx.writeBuffer());
    const chooser = secretary.waitForEvent('filechooser');
    await secretary.getByText('选择文件', { exact: true }).click();
    await (
      await chooser
    ).setFiles({
      name: '2023级花名册.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer,
    });
    await secretary.getByText('2023级花名册.xlsx').waitFor();
    await secretary.getByText('开始导入').click();
    await secretary
      .locator('.import__stat--ok .import__stat-n', { hasText: '30' })
      .waitFor({ timeout: 20_000 });
    await secretary.getByText('全部 30 行已处理。').waitFor();
    await suite.shot(secretary, 'member-import-xlsx');
  });

  it('a plain member sees fellow members with masked contact data', async () => {
    const member = await suite.as('demo-m-1');
    await suite.open(member, '/secretary/pages/members/index');
    // a plain member is not a secretary: the page refuses (the server would too)
    await member.getByText('只有支部书记和管理员可以使用此页面').waitFor({ timeout: 20_000 });
    const r = (await (
      await fetch(cloud.url + '/fn/member', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-openid': 'demo-m-1' },
        body: JSON.stringify({ action: 'listMembers', payload: { branchId: 'br-neike' } }),
      })
    ).json()) as { ok: boolean; data: { phone: string | null; masked: boolean }[] };
    expect(r.ok).toBe(true);
    expect(r.data.filter((m) => !m.masked)).toHaveLength(1);
    expect(
      r.data.filter((m) => m.masked).every((m) => m.phone === null || /^\d{3}\*{4}\d{4}$/.test(m.phone)),
    ).toBe(true);
  });

  it('the admin manages branches and roles', async () => {
    const admin = await suite.as('demo-admin', { pick: true });
    await suite.open(admin, '/admin/pages/branches/index');
    await admin.getByText('共 8 个支部').waitFor({ timeout: 20_000 });
    await suite.shot(admin, 'member-admin-branches');
    await admin.getByText('新建支部', { exact: true }).click();
    await fill(admin, '例如：临床医学院内科学教研室党支部', '口腔医学院口腔修复学教研室党支部');
    await fill(admin, '例如：临床医学院', '口腔医学院');
    await suite.shot(admin, 'member-admin-branch-form');
    await admin.getByText('保存', { exact: true }).click();
    await admin.getByText('共 9 个支部').waitFor({ timeout: 20_000 });
    // the search finds a branch by part of its name (the server pages and searches; 1,000 are never all shown)
    await fill(admin, '按支部名称搜索', '口腔');
    await admin.locator('.branches__search-btn').click();
    await admin.getByText('名称含“口腔”的支部 1 个').waitFor({ timeout: 20_000 });
    await admin.getByText('口腔医学院口腔修复学教研室党支部', { exact: true }).waitFor();
    await suite.shot(admin, 'member-admin-branches-search');
    await fill(admin, '按支部名称搜索', '');
    await admin.locator('.branches__search-btn').click();
    await admin.getByText('共 9 个支部').waitFor({ timeout: 20_000 });

    // the branch's row opens its actions; 角色 leads to the roles page for that branch
    await admin.getByText('临床医学院内科学教研室党支部', { exact: true }).click();
    await admin.getByText('角色', { exact: true }).click();
    await admin.getByText(newcomer.name, { exact: true }).click({ timeout: 20_000 });
    await admin.getByText('保存角色').waitFor();
    await admin.locator('.form__chip', { hasText: '支部书记' }).click();
    await admin.getByText('保存角色').click();
    await admin.getByText('角色已更新').waitFor({ timeout: 20_000 });
    await suite.shot(admin, 'member-admin-roles');
    const me = (await (
      await fetch(cloud.url + '/fn/member', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-openid': newcomer.openid },
        body: JSON.stringify({ action: 'me' }),
      })
    ).json()) as { data: { roles: string[] } };
    expect(me.data.roles).toEqual(['member', 'secretary']);
    expect(suite.pageErrors).toEqual([]);
  });
});
