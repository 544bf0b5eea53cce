import { useLocalCloud } from '../../../testing/cloud';
import { resolveCaller } from '../auth/caller';
import { DomainError } from '../errors';
import { appendAudit } from './audit';
import { getBranch, listBranches } from './branches';
import { collection, guardTx, isDuplicateKeyError, newId, runTransaction } from './db';
import { findMemberByOpenid, getMember, newMemberDoc, unboundOpenid } from './members';

/** The repositories against the local cloud through the real SDK (this process is pointed at it). */
const cloud = useLocalCloud();
const now = Date.UTC(2026, 10, 2);

beforeAll(async () => {
  cloud.app(); // points this process's SDK (and so core/sdk.ts) at the emulator
  await collection('branches').add({
    _id: 'b1',
    name: '乙支部',
    college: '药学院',
    createdAt: now,
    updatedAt: now,
  });
  await collection('branches').add({
    _id: 'b2',
    name: '甲支部',
    college: '护理学院',
    kind: 'student',
    createdAt: now,
    updatedAt: now,
  });
  await collection('members').add(
    newMemberDoc({ id: 'm1', branchId: 'b1', name: '王五', staffNo: 'T001' }, now),
  );
  await collection('members').add({
    ...newMemberDoc(
      { id: 'm2', branchId: 'b1', name: '赵六', staffNo: 'T002', roles: ['member', 'secretary'] },
      now,
    ),
    openid: 'o_m2',
    status: 'active',
  });
});

describe('branches repo', () => {
  it('lists branches ordered by name and reads one by id', async () => {
    const all = await listBranches();
    // string order is code-point order, as in MongoDB: 乙 (U+4E59) before 甲 (U+7532)
    expect(all.map((b) => [b.id, b.name])).toEqual([
      ['b1', '乙支部'],
      ['b2', '甲支部'],
    ]);
    expect(await getBranch('b2')).toMatchObject({
      id: 'b2',
      name: '甲支部',
      college: '护理学院',
      kind: 'student',
    });
    expect(await getBranch('nope')).toBeNull();
  });
});

describe('members repo', () => {
  it('maps the unbound placeholder to openid null and finds bound rows by openid', async () => {
    expect(await getMember('m1')).toMatchObject({ id: 'm1', openid: null, status: 'unbound', phone: null });
    expect(await findMemberByOpenid('o_m2')).toMatchObject({ id: 'm2', roles: ['member', 'secretary'] });
    expect(await findMemberByOpenid(unboundOpenid('m1'))).toBeNull();
    expect(await findMemberByOpenid('o_nobody')).toBeNull();
  });

  it('resolveCaller loads the active row and its roles', async () => {
    const c = await resolveCaller('o_m2', {});
    expect(c).toMatchObject({ openid: 'o_m2', active: true, branchId: 'b1', isAdmin: false });
    expect(c.roles.sort()).toEqual(['member', 'secretary']);
  });

  it('classifies a unique-index refusal as a duplicate key', async () => {
    const err = await collection('members')
      .add(newMemberDoc({ id: 'm3', branchId: 'b1', name: '重复', staffNo: 'T001' }, now))
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(err).not.toBeNull();
    expect(isDuplicateKeyError(err)).toBe(true);
    expect(isDuplicateKeyError(new Error('network down'))).toBe(false);
  });
});

describe('runTransaction + appendAudit', () => {
  it('commits a change and its audit entry together', async () => {
    await runTransaction(async (tx) => {
      await tx
        .collection('members')
        .doc('m1')
        .update({ status: 'pending', openid: 'o_new', updatedAt: now + 1 });
      await appendAudit(
        {
          actor: 'm2',
          action: 'member.bind',
          targetType: 'member',
          targetId: 'm1',
          branchId: 'b1',
          before: { status: 'unbound' },
          after: { status: 'pending' },
        },
        now + 1,
        tx,
      );
    });
    expect(await getMember('m1')).toMatchObject({ status: 'pending', openid: 'o_new' });
    const audit = await collection('audit').where({ targetId: 'm1' }).get();
    expect(audit.data).toHaveLength(1);
    expect(audit.data[0]).toMatchObject({
      actor: 'm2',
      action: 'member.bind',
      at: now + 1,
      after: { status: 'pending' },
    });
  });

  it('rolls back both when a DomainError is thrown, and hands the error back unchanged', async () => {
    const id = newId();
    const err = await runTransaction(async (tx) => {
      await tx.collection('members').doc('m1').update({ status: 'active' });
      await appendAudit(
        { actor: 'm2', action: 'member.reviewBinding', targetType: 'member', targetId: id },
        now + 2,
        tx,
      );
      throw new DomainError('CONFLICT', 'already decided');
    }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(DomainError);
    expect((err as DomainError).code).toBe('CONFLICT');
    expect(await getMember('m1')).toMatchObject({ status: 'pending' });
    expect((await collection('audit').where({ targetId: id }).get()).data).toHaveLength(0);
  });

  it('reads inside a transaction', async () => {
    const seen = await runTransaction(async (tx) => (await getMember('m2', tx))?.name ?? null);
    expect(seen).toBe('赵六');
  });
});

describe('transactions are snapshot-isolated: a decision on a document only read needs guardTx', () => {
  const activity = (id: string) => ({
    _id: id,
    branchId: 'b1',
    status: 'scheduled',
    title: 't',
    startAt: now,
  });
  /** A transaction that adds a check-in unless the activity is cancelled; cancels it meanwhile on attempt 1. */
  const addUnlessCancelled = async (id: string, guard: boolean) => {
    let attempts = 0;
    try {
      await runTransaction(async (tx) => {
        attempts++;
        const a = (await tx.collection('activities').doc(id).get()).data as { status: string } | null;
        if (attempts === 1) await collection('activities').doc(id).update({ status: 'cancelled' });
        if (a?.status === 'cancelled') throw new DomainError('ACTIVITY_CANCELLED', 'cancelled');
        if (guard) await guardTx(tx, 'activities', id);
        await tx
          .collection('checkins')
          .add({ _id: `${id}_m1`, activityId: id, memberId: 'm1', status: 'approved' });
      });
      return { attempts, outcome: 'added' };
    } catch (e) {
      return { attempts, outcome: (e as DomainError).code };
    }
  };
  const checkin = async (id: string) => (await collection('checkins').doc(`${id}_m1`).get()).data;

  it('without a guard, a cancel committed after the snapshot is missed (what the old re-read relied on)', async () => {
    await collection('activities').add(activity('a_noguard'));
    expect(await addUnlessCancelled('a_noguard', false)).toEqual({ attempts: 1, outcome: 'added' });
    expect(await checkin('a_noguard')).toHaveLength(1);
  });

  it('with guardTx the transaction conflicts, the retry reads the cancel, nothing is written', async () => {
    await collection('activities').add(activity('a_guard'));
    expect(await addUnlessCancelled('a_guard', true)).toEqual({ attempts: 2, outcome: 'ACTIVITY_CANCELLED' });
    expect(await checkin('a_guard')).toEqual([]);
  });
});
