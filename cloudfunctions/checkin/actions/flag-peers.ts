import type { ApprovalMode } from '../../../types/activity';
import type { CheckinFlag } from '../../../types/checkin';
import { peerChange } from '../../core/domain/checkin';
import { appendAudit } from '../../core/repos/audit';
import { checkinId, getCheckin, updateCheckinTx } from '../../core/repos/checkins';
import { runTransaction } from '../../core/repos/db';

/**
 * Flags the peers named by a new record's evidence (S-12): in ONE transaction, each peer record is
 * re-read, changed as `peerChange` says (flags added; a system-approved record back to `pending`
 * when the approval mode requires it) and the change audited with actor `system`. Either every
 * peer's change and its audit entry commit, or none; a count of approved/pending never sees half.
 */
export async function flagPeers(p: {
  activityId: string;
  branchId: string;
  approval: ApprovalMode;
  /** The record whose evidence revealed the peers. */
  byCheckinId: string;
  add: ReadonlyMap<string, CheckinFlag[]>;
  now: number;
  requestId?: string;
}): Promise<void> {
  await runTransaction(async (tx) => {
    for (const [memberId, flags] of p.add) {
      const id = checkinId(p.activityId, memberId);
      const peer = await getCheckin(id, tx);
      if (!peer) continue;
      const change = peerChange(peer, flags, p.approval);
      if (!change) continue;
      await updateCheckinTx(id, { status: change.status, flags: change.flags, updatedAt: p.now }, tx);
      await appendAudit(
        {
          actor: 'system',
          action: 'checkin.flag',
          targetType: 'checkin',
          targetId: id,
          branchId: p.branchId,
          activityId: p.activityId,
          before: { status: peer.status, flags: peer.flags ?? [] },
          after: { status: change.status, flags: change.flags, byCheckinId: p.byCheckinId },
          reason: flags.join(','),
          requestId: p.requestId,
        },
        p.now,
        tx,
      );
    }
  });
}
