import { useLocalCloud } from '../../testing/cloud';
import type { TAuditOutput } from '../../types/attendance';
import type { TBindingRequestsOutput, TMyDataOutput } from '../../types/member';
import { addRow, CALLERS, findDocs, seedBase, uniq } from './testkit/fixtures';

/**
 * The secretary's binding review (member.bindingRequests): what the applicant did not type — when
 * they asked, their failed attempts before, earlier requests of the row and of the WeChat account —
 * and what the applicant and the audit trail show.
 */
const cloud = useLocalCloud({
  env: { APP_ADMIN_OPENIDS: 'o_boot', APP_TEMPLATE_BINDING_DECIDED: 'tpl-binding-decided' },
});

const bind = (openid: string, payload: Record<string, unknown>) =>
  cloud.call<{ memberId: string; status: string }>('member', { action: 'bind', payload }, openid);
const review = (openid: string, payload: Record<string, unknown>) =>
  cloud.call<{ status: string }>('member', { action: 'reviewBinding', payload }, openid);
const requests = (openid: string, payload: unknown) =>
  cloud.call<TBindingRequestsOutput>('member', { action: 'bindingRequests', payload }, openid);

const ROW = { name: '孙丽华', staffNo: 'R20230001' };
const OTHER_ROW = { name: '钱志强', staffNo: 'R20230002' };
const FOREIGN_ROW = { name: '吴海燕', staffNo: 'R20230003' };
const applicant = uniq('o_app');
const earlier = uniq('o_old');
let rowId = '';
let otherRowId = '';

beforeAll(async () => {
  await seedBase(cloud);
  rowId = await addRow(cloud, { branchId: 'bA', ...ROW, phone: '13911112222' });
  otherRowId = await addRow(cloud, { branchId: 'bA', ...OTHER_ROW });
  await addRow(cloud, { branchId: 'bB', ...FOREIGN_ROW });
  // someone else asked for the row before and was turned down
  expect(await bind(earlier, ROW)).toMatchObject({ ok: true });
  expect(
    await review(CALLERS.secretaryThis, { memberId: rowId, decision: 'reject', reason: '不是本人' }),
  ).toMatchObject({ ok: true });
  // the applicant asked for another row of the branch (rejected) and for a row of another branch (rejected)
  expect(await bind(applicant, OTHER_ROW)).toMatchObject({ ok: true });
  expect(
    await review(CALLERS.secretaryThis, { memberId: otherRowId, decision: 'reject', reason: '工号不符' }),
  ).toMatchObject({ ok: true });
  expect(await bind(applicant, FOREIGN_ROW)).toMatchObject({ ok: true });
  const [foreign] = await findDocs<{ _id: string }>(cloud, 'members', { staffNo: FOREIGN_ROW.staffNo });
  expect(
    await review(CALLERS.secretaryOther, { memberId: foreign._id, decision: 'reject', reason: '非本支部' }),
  ).toMatchObject({ ok: true });
  // two wrong guesses, then the right row
  for (const staffNo of ['R2023000X', 'R2023000Y']) {
    expect(await bind(applicant, { name: ROW.name, staffNo })).toMatchObject({
      error: { code: 'ROSTER_NO_MATCH' },
    });
  }
  expect(await bind(applicant, ROW)).toMatchObject({ ok: true, data: { memberId: rowId } });
});

describe('member.bindingRequests', () => {
  it('shows when the request was sent, the failed attempts before it and earlier requests of row and account', async () => {
    const r = await requests(CALLERS.secretaryThis, { branchId: 'bA' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const mine = r.data.find((x) => x.memberId === rowId)!;
    expect(mine).toMatchObject({
      name: ROW.name,
      staffNo: ROW.staffNo,
      phone: '13911112222',
      failedAttempts: 2,
      requestedAt: expect.any(Number),
      lastFailedAt: expect.any(Number),
    });
    const [binding] = await findDocs<{ createdAt: number; failedBefore: number }>(cloud, 'bindings', {
      openid: applicant,
      memberId: rowId,
    });
    expect(mine.requestedAt).toBe(binding.createdAt);
    expect(binding.failedBefore).toBe(2);
    expect(
      mine.history.map((h) => [
        h.via,
        h.status,
        h.sameAccount,
        h.otherName ?? null,
        h.otherBranch ?? null,
        h.reason,
      ]),
    ).toEqual([
      ['account', 'rejected', true, null, true, '非本支部'],
      ['account', 'rejected', true, OTHER_ROW.name, false, '工号不符'],
      ['row', 'rejected', false, null, null, '不是本人'],
    ]);
    // the seeded pending row (no failures, no history) is listed too
    expect(r.data.find((x) => x.memberId === 'm_pendA')).toMatchObject({ failedAttempts: 0, history: [] });
  });

  it('an admin also sees the name of the row in another branch', async () => {
    const r = await requests(CALLERS.admin, { branchId: 'bA' });
    const mine = r.ok ? r.data.find((x) => x.memberId === rowId)! : null;
    expect(mine?.history[0]).toMatchObject({
      via: 'account',
      otherBranch: true,
      otherName: FOREIGN_ROW.name,
    });
  });

  it('refuses the secretary of another branch and a plain member (FORBIDDEN), an applicant (NOT_BOUND), bad input (INVALID_ARGUMENT)', async () => {
    for (const who of [CALLERS.secretaryOther, CALLERS.memberThis]) {
      expect(await requests(who, { branchId: 'bA' })).toMatchObject({
        ok: false,
        error: { code: 'FORBIDDEN' },
      });
    }
    expect(await requests(CALLERS.pending, { branchId: 'bA' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_BOUND' },
    });
    expect(await requests(CALLERS.secretaryThis, {})).toMatchObject({
      ok: false,
      error: {
        code: 'INVALID_ARGUMENT',
        details: { fields: [expect.objectContaining({ path: 'payload.branchId' })] },
      },
    });
    expect(await requests(CALLERS.secretaryThis, { branchId: 'bA', status: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT' },
    });
  });
});

describe('what the applicant and the audit trail show', () => {
  it("the pending applicant's own data never holds the row's phone, and names instead of openids", async () => {
    const r = await cloud.call<TMyDataOutput>('member', { action: 'myData' }, applicant);
    expect(r).toMatchObject({ ok: true, data: { member: { id: rowId, phone: null, phoneHidden: true } } });
    if (!r.ok) return;
    expect(JSON.stringify(r.data.member)).not.toContain('13911112222');
    expect(Object.values(r.data.names ?? {})).toContain('本人');
    for (const v of Object.values(r.data.names ?? {})) expect(v).not.toMatch(/^openid:|^o_/);
  });

  it('the audit trail names the applicant of a bind and the member of a review (not only 管理员)', async () => {
    expect(await review(CALLERS.secretaryThis, { memberId: rowId, decision: 'approve' })).toMatchObject({
      ok: true,
    });
    const log = await cloud.call<TAuditOutput>(
      'attendance',
      { action: 'audit', payload: { branchId: 'bA' } },
      CALLERS.secretaryThis,
    );
    expect(log.ok).toBe(true);
    if (!log.ok) return;
    const ofRow = log.data.filter((e) => e.targetId === rowId);
    expect(ofRow.map((e) => [e.action, e.actorName, e.actorRole ?? null, e.targetName])).toEqual([
      ['member.reviewBinding', '李秀英', null, ROW.name],
      ['member.bind', ROW.name, 'applicant', ROW.name],
      ['member.reviewBinding', '李秀英', null, ROW.name],
      ['member.bind', ROW.name, 'applicant', ROW.name],
    ]);
    // after approval the applicant sees their phone
    const r = await cloud.call<TMyDataOutput>('member', { action: 'myData' }, applicant);
    expect(r).toMatchObject({ ok: true, data: { member: { phone: '13911112222', status: 'active' } } });
  });
});

describe('the applicant hears the decision (subscribe message bindingDecided, through the credit ledger)', () => {
  const subscribe = (openid: string, accepted: string[]) =>
    cloud.call<{ credits: Record<string, number> }>(
      'reminder',
      { action: 'subscribe', payload: { accepted } },
      openid,
    );
  const credit = async (memberId: string) =>
    (await findDocs<{ count: number }>(cloud, 'credits', { memberId, templateKey: 'bindingDecided' }))[0]
      ?.count ?? 0;
  const sent = async (openid: string) =>
    (await cloud.outbox()).filter(
      (m) => m.apiName === 'subscribeMessage.send' && (m.data as { touser?: string }).touser === openid,
    );

  async function applyFor(name: string) {
    const staffNo = uniq('N').toUpperCase();
    const id = await addRow(cloud, { branchId: 'bA', name, staffNo });
    const openid = uniq('o_n');
    expect(await bind(openid, { name, staffNo })).toMatchObject({ ok: true });
    return { id, openid };
  }

  it('approve with a credit: one message to the applicant, the credit spent, notified', async () => {
    const a = await applyFor('冯晓东');
    expect(await subscribe(a.openid, ['bindingDecided'])).toMatchObject({
      ok: true,
      data: { credits: { bindingDecided: 1 } },
    });
    expect(await review(CALLERS.secretaryThis, { memberId: a.id, decision: 'approve' })).toEqual({
      ok: true,
      data: { status: 'active', notified: true },
    });
    const msgs = await sent(a.openid);
    expect(msgs).toHaveLength(1);
    expect(msgs[0].data).toMatchObject({
      template_id: 'tpl-binding-decided',
      page: 'pages/index/index',
      data: {
        thing1: { value: expect.stringContaining('内科学') },
        phrase2: { value: '已通过' },
        time3: { value: expect.stringMatching(/^\d{4}年\d+月\d+日 \d\d:\d\d$/) },
      },
    });
    expect(await credit(a.id)).toBe(0);
  });

  it('reject: the message carries the reason, and no consent is left on the row for the next binder', async () => {
    const a = await applyFor('蒋文静');
    await subscribe(a.openid, ['bindingDecided']);
    await subscribe(a.openid, ['bindingDecided']);
    expect(await credit(a.id)).toBe(2);
    expect(
      await review(CALLERS.secretaryThis, { memberId: a.id, decision: 'reject', reason: '工号与姓名不符' }),
    ).toEqual({ ok: true, data: { status: 'unbound', notified: true } });
    const [msg] = await sent(a.openid);
    expect(msg.data).toMatchObject({
      data: { phrase2: { value: '未通过' }, thing4: { value: '原因：工号与姓名不符' } },
    });
    expect(await credit(a.id)).toBe(0);
  });

  it('without a credit nothing is sent and the secretary is told (notified: false)', async () => {
    const a = await applyFor('韩雪梅');
    expect(await review(CALLERS.secretaryThis, { memberId: a.id, decision: 'approve' })).toEqual({
      ok: true,
      data: { status: 'active', notified: false },
    });
    expect(await sent(a.openid)).toEqual([]);
  });
});
