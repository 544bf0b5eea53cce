import ExcelJS from 'exceljs';
import { useLocalCloud } from '../../testing/cloud';
import { HOUR, MINUTE } from '../../testing/clock';
import { addBranches, memberDoc } from '../../testing/fixtures';
import type { TDisplayCodeOutput } from '../../types/activity';
import type { Envelope } from '../../types/envelope';
import type {
  TConfirmHoursOutput,
  THoursQueueOutput,
  TIssueCertificateOutput,
  TListEventsOutput,
  TListTeamsOutput,
  TMyHoursOutput,
  TMySignupsOutput,
  TTeamMembersOutput,
  TTeamStatsOutput,
  TVerifyCertificateOutput,
  TVolunteerExportOutput,
} from '../../types/volunteer';
import { IMPORT_COLUMNS } from './actions/export';

/**
 * volunteer end to end: gateway → bundled functions → real SDK → local cloud (strict indexes),
 * with the local cloud's clock moved for the event's timeline. Each answer is checked with what the
 * database holds afterwards.
 */
const cloud = useLocalCloud({
  env: { APP_ADMIN_OPENIDS: 'o_admin', APP_TEMPLATE_MEETING_REMINDER: 'tpl-meeting-reminder' },
});

const LAB = { lat: 30.2741, lng: 120.1551 };
const CROWD = 50;
const crowd = Array.from({ length: CROWD }, (_, i) => `v${String(i).padStart(2, '0')}`);

async function call<T>(fn: string, action: string, payload: unknown, who: string): Promise<Envelope<T>> {
  return cloud.call<T>(fn, { action, payload }, who === 'anon' ? undefined : `o_${who}`);
}
async function ok<T>(fn: string, action: string, payload: unknown, who: string): Promise<T> {
  const r = await call<T>(fn, action, payload, who);
  if (!r.ok) throw new Error(`${fn}.${action} as ${who}: ${JSON.stringify(r.error)}`);
  return r.data;
}
async function code<T>(fn: string, action: string, payload: unknown, who: string): Promise<string> {
  const r = await call<T>(fn, action, payload, who);
  return r.ok ? 'OK' : r.error.code;
}
const v = <T>(action: string, payload: unknown, who: string) => ok<T>('volunteer', action, payload, who);
const vcode = (action: string, payload: unknown, who: string) => code('volunteer', action, payload, who);
async function doc(coll: string, id: string) {
  const res = await cloud.db().collection(coll).doc(id).get();
  return (res.data as Record<string, unknown>[])[0] ?? null;
}
async function where(coll: string, q: Record<string, unknown>) {
  return (await cloud.db().collection(coll).where(q).limit(1000).get()).data as Record<string, unknown>[];
}

let t0 = 0;
let root = '';
let teamA = '';
let teamB = '';
let siteId = '';
let n = 0;
const nonce = () => `nonce-${process.pid}-${++n}-xxxxxxxx`;

beforeAll(async () => {
  t0 = await cloud.clock.now();
  await addBranches(cloud, t0, ['b1', 'b2']);
  const people = [
    memberDoc(t0, 'admin', 'b1', ['member', 'admin']),
    memberDoc(t0, 'leadA', 'b1'),
    memberDoc(t0, 'leadB', 'b2'),
    memberDoc(t0, 'm1', 'b1', ['member'], { name: '欧阳红', staffNo: '20231531' }),
    memberDoc(t0, 'm2', 'b2'),
    memberDoc(t0, 'outsider', 'b2'),
    ...crowd.map((id, i) => memberDoc(t0, id, i % 2 ? 'b1' : 'b2')),
  ];
  for (const p of people) await cloud.db().collection('members').add(p);
  root = (await v<{ id: string }>('createTeam', { name: '先锋领航志愿服务总队' }, 'admin')).id;
  teamA = (await v<{ id: string }>('createTeam', { name: '临床分队', parentTeamId: root }, 'admin')).id;
  teamB = (await v<{ id: string }>('createTeam', { name: '基础分队', parentTeamId: root }, 'admin')).id;
  await v('setLeaders', { teamId: teamA, memberIds: ['leadA'] }, 'admin');
  await v('setLeaders', { teamId: teamB, memberIds: ['leadB'] }, 'admin');
  siteId = (
    await ok<{ id: string }>(
      'activity',
      'createSite',
      { branchId: 'b1', name: '社区卫生服务中心', kind: 'community_clinic', location: LAB, radiusM: 200 },
      'admin',
    )
  ).id;
}, 120_000);

describe('teams and joining', () => {
  it('a member asks to join; the leader approves in the queue; joining again answers the same', async () => {
    expect(await v('join', { teamId: teamA }, 'm1')).toEqual({ status: 'pending' });
    expect(await v('join', { teamId: teamA }, 'm1')).toEqual({ status: 'pending' });
    const members = await v<TTeamMembersOutput>('teamMembers', { teamId: teamA }, 'leadA');
    expect(members.filter((m) => m.status === 'pending').map((j) => j.memberId)).toEqual(['m1']);
    expect(await v('reviewJoin', { teamId: teamA, memberId: 'm1', decision: 'approve' }, 'leadA')).toEqual({
      status: 'active',
    });
    expect(await v('join', { teamId: teamA }, 'm1')).toEqual({ status: 'active' });
    expect((await doc('team_members', `${teamA}:m1`))?.status).toBe('active');
  });

  it('a leader of team B can do nothing in team A', async () => {
    expect(await vcode('reviewJoin', { teamId: teamA, memberId: 'm2', decision: 'approve' }, 'leadB')).toBe(
      'FORBIDDEN',
    );
    expect(await vcode('addMember', { teamId: teamA, memberId: 'm2' }, 'leadB')).toBe('FORBIDDEN');
    expect(await vcode('hoursQueue', { teamId: teamA }, 'leadB')).toBe('FORBIDDEN');
    expect(await doc('team_members', `${teamA}:m2`)).toBeNull();
  });

  it('the leader adds members from any branch; listTeams shows my status and whether I lead', async () => {
    await v('addMember', { teamId: teamA, memberId: 'm2' }, 'leadA');
    for (const id of crowd) await v('addMember', { teamId: teamA, memberId: id }, 'leadA');
    const teams = (await v<TListTeamsOutput>('listTeams', {}, 'leadA')).items;
    const a = teams.find((t) => t.id === teamA)!;
    expect(a).toMatchObject({
      myStatus: 'active',
      isLeader: true,
      parentTeamId: root,
      parentName: '先锋领航志愿服务总队',
    });
    expect(a.memberCount).toBe(3 + CROWD);
    expect(teams.find((t) => t.id === teamB)).toMatchObject({ myStatus: null, isLeader: false });
    // my own teams: the one I lead and the team above it, not the other 分队
    const mine = await v<TListTeamsOutput>('listTeams', { scope: 'mine' }, 'leadA');
    expect(mine.items.map((t) => [t.id, t.isLeader])).toEqual([
      [teamA, true],
      [root, false],
    ]);
    expect(mine.nextCursor).toBeNull();
  });
});

describe('sign-up', () => {
  let eventId = '';
  beforeAll(async () => {
    eventId = (
      await v<{ activityId: string }>(
        'createEvent',
        {
          teamId: teamA,
          title: '社区义诊：测血压',
          startAt: t0 + 2 * HOUR,
          endAt: t0 + 5 * HOUR,
          capacity: 10,
        },
        'leadA',
      )
    ).activityId;
  });

  it(`${CROWD} members at once on 10 seats: exactly 10 signed up, the rest EVENT_FULL`, async () => {
    const answers = await Promise.all(
      crowd.map((id) => call('volunteer', 'signUp', { activityId: eventId }, id)),
    );
    const codes = answers.map((a) => (a.ok ? 'OK' : a.error.code));
    expect(codes.filter((c) => c === 'OK')).toHaveLength(10);
    expect(codes.filter((c) => c === 'EVENT_FULL')).toHaveLength(CROWD - 10);
    const event = await doc('activities', eventId);
    expect(event?.volunteer).toMatchObject({ capacity: 10, signedUp: 10 });
    expect(event?.expectedMemberIds).toHaveLength(10);
    expect(await where('signups', { activityId: eventId, status: 'signed_up' })).toHaveLength(10);
  }, 120_000);

  it('is idempotent, a cancel reopens the seat, a non-member is refused', async () => {
    const seated = (await where('signups', { activityId: eventId, status: 'signed_up' }))[0]
      .memberId as string;
    expect(await v('signUp', { activityId: eventId }, seated)).toMatchObject({
      status: 'signed_up',
      signedUp: 10,
    });
    expect(await vcode('signUp', { activityId: eventId }, 'outsider')).toBe('NOT_TEAM_MEMBER');
    expect(await v('cancelSignUp', { activityId: eventId }, seated)).toEqual({ status: 'cancelled' });
    expect(await v('cancelSignUp', { activityId: eventId }, seated)).toEqual({ status: 'cancelled' });
    expect((await doc('activities', eventId))?.volunteer).toMatchObject({ signedUp: 9 });
    expect(await v('signUp', { activityId: eventId }, 'm1')).toMatchObject({
      status: 'signed_up',
      signedUp: 10,
    });
    const listed = await v<TListEventsOutput>('listEvents', { teamId: teamA }, 'm1');
    expect(listed.find((e) => e.activityId === eventId)).toMatchObject({
      signedUp: 10,
      mySignup: 'signed_up',
    });
  });
  it('the signed-up members are reminded through the credit ledger (members who did not sign up are not)', async () => {
    const seated = (await where('signups', { activityId: eventId, status: 'signed_up' })).map(
      (r) => r.memberId as string,
    );
    const notSeated = crowd.find((id) => !seated.includes(id))!;
    for (const id of [seated[0], notSeated])
      await cloud
        .db()
        .collection('credits')
        .add({
          _id: `${id}:meetingReminder`,
          memberId: id,
          templateKey: 'meetingReminder',
          count: 1,
          acceptedAt: t0,
          updatedAt: t0,
        });
    await cloud.fireTimer('reminder', 'dispatch');
    const sent = (await cloud.outbox())
      .filter((e) => e.apiName === 'subscribeMessage.send')
      .map((e) => (e.data as { touser: string }).touser);
    expect(sent).toContain(`o_${seated[0]}`);
    expect(sent).not.toContain(`o_${notSeated}`);
    expect((await doc('credits', `${seated[0]}:meetingReminder`))?.count).toBe(0);
    expect((await doc('credits', `${notSeated}:meetingReminder`))?.count).toBe(1);
  });
});

describe('the full path: sign-up → check-in → check-out → hours → confirm → certificate → verify', () => {
  let eventId = '';
  let cert: TIssueCertificateOutput;
  it('runs', async () => {
    const start = (await cloud.clock.now()) + 3 * HOUR;
    eventId = (
      await v<{ activityId: string }>(
        'createEvent',
        {
          teamId: teamA,
          title: '社区义诊：健康咨询',
          siteId,
          startAt: start,
          endAt: start + 3 * HOUR,
          capacity: 5,
          checkin: { proof: 'rotating', approval: 'risk' },
        },
        'leadA',
      )
    ).activityId;
    await v('signUp', { activityId: eventId }, 'm2');
    await v('signUp', { activityId: eventId }, 'leadA');
    // not signed up → NOT_EXPECTED at the door
    await cloud.clock.set(start - 5 * MINUTE);
    const qr = await ok<TDisplayCodeOutput>('activity', 'displayCode', { activityId: eventId }, 'leadA');
    const here = { ...LAB, accuracy: 15 };
    const there = { lat: LAB.lat + 0.0003, lng: LAB.lng, accuracy: 12 }; // another spot inside the fence
    expect(await code('checkin', 'checkIn', { code: qr.code, nonce: nonce(), location: here }, 'm1')).toBe(
      'NOT_EXPECTED',
    );
    const inM2 = await ok<{ status: string }>(
      'checkin',
      'checkIn',
      { code: qr.code, nonce: nonce(), location: here },
      'm2',
    );
    expect(inM2.status).toBe('approved');
    await ok('checkin', 'checkIn', { code: qr.code, nonce: nonce(), location: there }, 'leadA');
    // m2 stays 2 h 20 min of the 3 h event: 2.0 h (floor to 0.5); the leader the whole time
    await cloud.clock.set(start + 2 * HOUR + 20 * MINUTE);
    const out = await ok<{ verified: boolean }>(
      'checkin',
      'checkOut',
      { activityId: eventId, nonce: nonce(), location: here },
      'm2',
    );
    expect(out.verified).toBe(true);
    await cloud.clock.set(start + 3 * HOUR);
    await ok('checkin', 'checkOut', { activityId: eventId, nonce: nonce(), location: there }, 'leadA');

    const q = await v<THoursQueueOutput>('hoursQueue', { teamId: teamA, activityId: eventId }, 'leadA');
    const m2Item = q.find((i) => i.memberId === 'm2')!;
    const own = q.find((i) => i.memberId === 'leadA')!;
    expect(m2Item).toMatchObject({ kind: 'verified', proposedHours: 2, clean: true, own: false, flags: [] });
    expect(own).toMatchObject({ proposedHours: 3, own: true, clean: false });
    const res = await v<TConfirmHoursOutput>(
      'confirmHours',
      {
        items: [
          { id: m2Item.id, decision: 'approve' },
          { id: own.id, decision: 'approve' },
        ],
      },
      'leadA',
    );
    expect(res).toEqual([
      { id: m2Item.id, ok: true, status: 'confirmed', hours: 2 },
      { id: own.id, ok: false, code: 'FORBIDDEN' },
    ]);
    expect(await doc('volunteer_hours', own.id)).toMatchObject({ status: 'pending' });
    // the events list says what became of the hours at an event that is over (the page shows it
    // instead of 去签到): the leader's own 3 h await another leader, m2's 2 h are credited
    const evOf = async (who: string) =>
      (await v<TListEventsOutput>('listEvents', { teamId: teamA }, who)).find(
        (e) => e.activityId === eventId,
      )!;
    await cloud.clock.set(start + 4 * HOUR + 1);
    const leadView = await evOf('leadA');
    expect(leadView).toMatchObject({
      mySignup: 'signed_up',
      checkoutClosesAt: start + 4 * HOUR,
      myHours: { status: 'pending', hours: 3 },
    });
    expect((await evOf('m2')).myHours).toEqual({ status: 'confirmed', hours: 2 });
    const signups = await v<TMySignupsOutput>('mySignups', {}, 'm2');
    expect(signups.find((e) => e.activityId === eventId)?.myHours).toEqual({ status: 'confirmed', hours: 2 });
    // a member without an entry at a started event: no myHours (the page: 未记录到时长 when signed up)
    expect((await evOf('m1')).myHours).toBeUndefined();
    // another leader (of the parent team: leaders of an ancestor lead the sub-team) or an admin confirms it
    expect(
      (
        await v<TConfirmHoursOutput>(
          'confirmHours',
          { items: [{ id: own.id, decision: 'approve' }] },
          'admin',
        )
      )[0],
    ).toMatchObject({
      ok: true,
      hours: 3,
    });
    const mine = await v<TMyHoursOutput>('myHours', {}, 'm2');
    expect(mine.totals).toEqual({ verified: 2, added: 0, reported: 0, total: 2 });
    expect(mine.records[0]).toMatchObject({
      kind: 'verified',
      status: 'confirmed',
      hours: 2,
      activityId: eventId,
    });

    cert = await v<TIssueCertificateOutput>(
      'issueCertificate',
      { teamId: teamA, from: t0 - HOUR, to: start + 4 * HOUR },
      'm2',
    );
    expect(cert.hours.total).toBe(2);
    expect(cert.certificateNo).toMatch(/^XFLH-\d{8}-[0-9A-Z]{6}$/);
    const ver = await ok<TVerifyCertificateOutput>(
      'volunteer',
      'verifyCertificate',
      { certificateNo: cert.certificateNo, verifyCode: cert.verifyCode.toLowerCase() },
      'stranger',
    );
    expect(ver).toMatchObject({ valid: true, name: '成**2', hours: { total: 2 }, team: '临床分队' });
  }, 60_000);

  it('a correction supersedes the confirmed entry (both kept); the issued certificate does not change', async () => {
    const entry = (await where('volunteer_hours', { activityId: eventId, memberId: 'm2' }))[0];
    const c = await v<{ recordId: string; supersedes: string }>(
      'correctHours',
      { recordId: entry._id, hours: 2.5, reason: '现场负责人确认多服务半小时' },
      'leadA',
    );
    expect(c.supersedes).toBe(entry._id);
    expect(await doc('volunteer_hours', entry._id as string)).toMatchObject({
      status: 'superseded',
      supersededBy: c.recordId,
    });
    expect(await doc('volunteer_hours', c.recordId)).toMatchObject({
      status: 'confirmed',
      ch: 250,
      supersedes: entry._id,
    });
    expect((await v<TMyHoursOutput>('myHours', {}, 'm2')).totals.total).toBe(2.5);
    const ver = await ok<TVerifyCertificateOutput>(
      'volunteer',
      'verifyCertificate',
      { certificateNo: cert.certificateNo, verifyCode: cert.verifyCode },
      'stranger',
    );
    expect(ver.hours.total).toBe(2);
  });

  it('a forged code, an unknown number and an altered certificate are refused', async () => {
    const wrong = (cert.verifyCode[0] === 'A' ? 'B' : 'A') + cert.verifyCode.slice(1);
    expect(
      await vcode('verifyCertificate', { certificateNo: cert.certificateNo, verifyCode: wrong }, 'stranger'),
    ).toBe('CERTIFICATE_INVALID');
    expect(
      await vcode(
        'verifyCertificate',
        { certificateNo: 'XFLH-20990101-AAAAAA', verifyCode: cert.verifyCode },
        'stranger',
      ),
    ).toBe('CERTIFICATE_INVALID');
    await cloud
      .db()
      .collection('certificates')
      .doc(cert.certificateNo)
      .update({ 'content.hours.total': 200 });
    expect(
      await vcode(
        'verifyCertificate',
        { certificateNo: cert.certificateNo, verifyCode: cert.verifyCode },
        'stranger',
      ),
    ).toBe('CERTIFICATE_INVALID');
  });

  it('added hours never exceed the event; a report needs the caller’s own evidence', async () => {
    expect(
      await vcode('addHours', { activityId: eventId, memberId: 'm2', hours: 1, reason: '补录' }, 'leadA'),
    ).toBe('HOURS_EXCEED_EVENT');
    const added = await v<{ status: string; recordId: string }>(
      'addHours',
      { activityId: eventId, memberId: 'm2', hours: 0.5, reason: '布置场地' },
      'leadA',
    );
    expect(added.status).toBe('confirmed');
    const jpeg = Buffer.from([
      0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0xff, 0xd9,
    ]);
    const up = await v<{ fileId: string }>(
      'uploadEvidence',
      { contentType: 'image/jpeg', contentBase64: jpeg.toString('base64') },
      'm1',
    );
    const mine = await v<{ fileId: string }>(
      'uploadEvidence',
      { contentType: 'image/jpeg', contentBase64: jpeg.toString('base64') },
      'm2',
    );
    const now = await cloud.clock.now();
    const base = {
      teamId: teamA,
      title: '校外献血站引导',
      date: now - 24 * HOUR,
      hours: 2,
      description: '在献血站协助登记',
    };
    expect(await vcode('report', { ...base, evidenceFileIds: [up.fileId] }, 'm2')).toBe('EVIDENCE_NOT_OWNED');
    expect(await vcode('report', { ...base, date: now + 24 * HOUR }, 'm2')).toBe('REPORT_DATE_INVALID');
    expect(await vcode('report', { ...base, hours: 0 }, 'm2')).toBe('INVALID_ARGUMENT');
    const r = await v<{ recordId: string; status: string }>(
      'report',
      { ...base, evidenceFileIds: [mine.fileId] },
      'm2',
    );
    expect(r.status).toBe('pending');
    const q = await v<THoursQueueOutput>('hoursQueue', { teamId: teamA }, 'leadA');
    expect(q.find((i) => i.id === r.recordId)).toMatchObject({
      kind: 'reported',
      evidenceFileIds: [mine.fileId],
    });
    expect(q.find((i) => i.id === r.recordId)?.evidenceUrls?.[0]).toMatch(/^http/);
  });

  it('stats and the export read back', async () => {
    const now = await cloud.clock.now();
    const s = await v<TTeamStatsOutput>('stats', { teamId: teamA, from: t0 - HOUR, to: now + HOUR }, 'leadA');
    expect(s.members.find((m) => m.memberId === 'm2')).toMatchObject({ hours: 3, events: 1 });
    expect(s.events.find((e) => e.activityId === eventId)).toMatchObject({ hours: 6, people: 2 });
    expect(s.idle).toContain('m1');
    expect(s.idle).not.toContain('m2');
    const file = await v<TVolunteerExportOutput>(
      'export',
      { teamId: teamA, from: t0 - HOUR, to: now + HOUR },
      'leadA',
    );
    expect(file.rows).toBe(3);
    const bytes = Buffer.from(file.contentBase64, 'base64');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('时长导入')!;
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(IMPORT_COLUMNS.map((c) => c.header));
    const rows = [2, 3, 4].map((i) => sheet.getRow(i).values as unknown[]);
    expect(rows.map((r) => r[9]).sort()).toEqual([0.5, 2.5, 3]);
    const totals = wb.getWorksheet('汇总')!;
    const last = totals.getRow(totals.rowCount).values as unknown[];
    expect(last[1]).toBe('合计');
    expect(last[6]).toBe(6);
    const exports = await where('exports', { branchId: `team:${teamA}` });
    expect(exports).toHaveLength(1);
    expect(await where('audit', { targetId: exports[0]._id })).toMatchObject([
      { action: 'volunteer.export', actor: 'leadA' },
    ]);
  });
});
