import type { Page } from 'playwright-core';
import type { LocalCloud } from '../../emulator/index';
import { callFn } from './demo-cloud';
import { hasChromium, startH5Suite, warnIfNoChromium, type H5Suite } from './browser';

/**
 * Action projects in Chromium on the H5 build (demo data, docs/projects.md). Member: 首页 → 行动项目
 * → the 内科学 board → an open post → 认领 → progress with a photo → submit the result. Leader (the
 * project's leader): the queue → the result → 验收通过 (优秀); the member's 我的任务 shows it done.
 * Then the leader's create form and the admin's overview with the 责任清单 export.
 * Needs `npm run build:h5` and `npm run build:functions`.
 */
warnIfNoChromium('H5 project');
const describeBrowser = hasChromium ? describe : describe.skip;

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

describeBrowser('action projects (dist/h5 on the local cloud, Chromium)', () => {
  let suite: H5Suite;
  let cloud: LocalCloud;
  // demo-m-1 leads the 内科学 project; demo-m-10 (same branch) holds no post in it
  const LEADER = 'demo-m-1';
  const MEMBER = 'demo-m-10';

  beforeAll(async () => {
    suite = await startH5Suite('project', {
      functions: ['project', 'member', 'activity'],
      env: { APP_ADMIN_OPENIDS: 'demo-admin' },
    });
    cloud = suite.cloud;
  }, 120_000);
  afterAll(() => suite?.stop());

  let memberPage: Page;
  let claimId = '';

  it('a member finds the project from the home page and claims an open post', async () => {
    memberPage = await suite.as(MEMBER);
    await memberPage.getByText('行动项目', { exact: true }).click();
    await memberPage.waitForFunction(() => location.hash.includes('/project/pages/list/index'));
    await suite.settled(memberPage);
    await memberPage.getByText('内科学课程思政教学改革攻坚').waitFor();
    await expect(memberPage.getByText('“健康进社区”党员义诊志愿行动').count()).resolves.toBe(1);
    await expect(memberPage.getByText('病理学实验室安全隐患排查整改').count()).resolves.toBe(0);
    await suite.shot(memberPage, 'project-list');
    await memberPage.getByText('内科学课程思政教学改革攻坚').click();
    await memberPage.waitForFunction(() => location.hash.includes('/project/pages/board/index'));
    await suite.settled(memberPage);
    for (const s of ['可认领', '进行中', '已满员', '待验收', '已完成', '已逾期'])
      await memberPage.locator('.ui-badge:visible', { hasText: s }).first().waitFor();
    await suite.shot(memberPage, 'project-board');
    await memberPage.getByText('教学视频拍摄协调').click();
    await memberPage.waitForFunction(() => location.hash.includes('/project/pages/task/index'));
    await suite.settled(memberPage);
    await memberPage.getByText('认领该岗位').click();
    await memberPage.getByText('认领成功！记得及时更新进展').waitFor({ timeout: 20_000 });
    await suite.shot(memberPage, 'project-task-claimed');
    const t = await callFn<{ claimId: string; status: string }[]>(cloud, 'project', 'myTasks', {}, MEMBER);
    claimId = t.find((x) => x.status === 'active')!.claimId;
    expect(claimId).toMatch(/^tsk-nk-open:/);
  });

  it('posts progress with a photo, then submits the result', async () => {
    await memberPage.getByText('更新进展 / 提交成果').click();
    await memberPage.waitForFunction(() => location.hash.includes('/project/pages/claim/index'));
    await suite.settled(memberPage);
    await suite.shot(memberPage, 'project-claim');
    await memberPage.locator('.ui-button:visible', { hasText: /^更新进展$/ }).click();
    await memberPage.locator('textarea').fill('已与电教中心约定拍摄时间，完成第一节课录制。');
    const chooser = memberPage.waitForEvent('filechooser');
    await memberPage.getByText('添加照片（0/9）').click();
    await (await chooser).setFiles({ name: 'shoot.png', mimeType: 'image/png', buffer: PNG });
    await memberPage.getByText('添加照片（1/9）').waitFor({ timeout: 20_000 });
    await memberPage.getByText('发布进展').click();
    await memberPage.getByText('进展已更新').waitFor({ timeout: 20_000 });
    await memberPage.locator('.prj-history__item', { hasText: '更新进展' }).locator('img').first().waitFor();
    await suite.shot(memberPage, 'project-claim-progress');
    await memberPage.locator('.ui-button:visible', { hasText: /^提交成果$/ }).click();
    await memberPage.locator('textarea').fill('两节示范课视频已拍摄剪辑完成，已上传教学平台。');
    await memberPage.getByText('提交验收').click();
    await memberPage.getByText('成果已提交，等待验收', { exact: true }).waitFor({ timeout: 20_000 });
    await suite.shot(memberPage, 'project-claim-submitted');
  });

  it('the leader accepts it from the queue with a rating; the member sees it done in 我的任务', async () => {
    const leader = await suite.as(LEADER);
    await suite.open(leader, '/project/pages/queue/index');
    const item = leader.locator('.ui-list-item:visible', { hasText: '教学视频拍摄协调' });
    await item.waitFor({ timeout: 20_000 });
    await leader.getByText('长期无进展、未订阅提醒（1）').waitFor();
    await leader.getByText(/已显示全部 \d+ 项/).waitFor();
    await suite.shot(leader, 'project-queue');
    await item.click();
    await leader.waitForFunction(() => location.hash.includes('/project/pages/claim/index'));
    await suite.settled(leader);
    await leader.locator('.form__chip', { hasText: '优秀' }).click();
    await suite.shot(leader, 'project-review');
    await leader.locator('.ui-button:visible', { hasText: /^验收通过$/ }).click();
    await leader.getByText('验收通过（优秀）').waitFor({ timeout: 20_000 });
    const h = await callFn<{ action: string }[]>(cloud, 'project', 'history', { claimId }, LEADER);
    expect(h.map((e) => e.action)).toEqual(['claimed', 'progress', 'submitted', 'accepted']);

    await suite.open(memberPage, '/project/pages/mine/index');
    const mine = memberPage.locator('.ui-list-item:visible', { hasText: '教学视频拍摄协调' });
    await mine.locator('.ui-badge', { hasText: '已完成' }).waitFor({ timeout: 20_000 });
    await mine.getByText('验收评价：优秀').waitFor();
    await suite.shot(memberPage, 'project-mine');
  });

  it('the secretary opens the create form; the admin sees every branch side by side and exports the 责任清单', async () => {
    const sec = await suite.as('demo-sec-1');
    await suite.open(sec, '/project/pages/edit/index');
    await sec.getByText('项目负责人（本支部党员）').waitFor();
    await sec.getByText('请选择负责人').waitFor({ timeout: 20_000 });
    await suite.shot(sec, 'project-create');
    const admin = await suite.as('demo-admin');
    await suite.open(admin, '/project/pages/overview/index');
    await admin.getByText('临床医学院内科学教研室党支部').waitFor();
    // the projects under way this year by default (a period, not the branches' whole history)
    await admin.locator('.form__field', { hasText: '期间' }).getByText('今年').waitFor();
    await suite.shot(admin, 'project-overview');
    await admin.getByText('导出责任清单（Excel）').click();
    await admin.getByText('下载责任清单.xlsx').waitFor({ timeout: 30_000 });
    await admin.getByText(/责任清单已生成，共 \d+ 行/).waitFor();
    expect(suite.pageErrors).toEqual([]);
  });

  it('the admin’s queue is the whole university’s, a page at a time; one branch on its own', async () => {
    const admin = await suite.as('demo-admin');
    const all = await callFn<{ totals: { claims: number; results: number } }>(
      cloud,
      'project',
      'queue',
      {},
      'demo-admin',
    );
    const n = all.totals.claims + all.totals.results;
    expect(n).toBeGreaterThan(0);
    await suite.open(admin, '/project/pages/queue/index');
    await admin.getByText(`全校待处理（${n}）`).waitFor({ timeout: 20_000 });
    await admin.locator('.branch-picker__value', { hasText: '全部支部' }).waitFor();
    await admin.locator('.ui-badge:visible', { hasText: '待审批' }).first().waitFor();
    await admin.locator('.ui-badge:visible', { hasText: '待验收' }).first().waitFor();
    await suite.shot(admin, 'project-queue-admin');
    await suite.open(admin, '/project/pages/queue/index?branchId=br-zuzhi');
    await admin.getByText(/^本支部待处理（\d+）$/).waitFor({ timeout: 20_000 });
    await admin.locator('.branch-picker__value', { hasText: '组织' }).waitFor();
    await admin.getByText('健康宣讲志愿者', { exact: false }).first().waitFor();
    await suite.shot(admin, 'project-queue-admin-branch');
    expect(suite.pageErrors).toEqual([]);
  });
});
