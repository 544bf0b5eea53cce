import type {
  TReportInput,
  TReportOutput,
  TUploadEvidenceInput,
  TUploadEvidenceOutput,
} from '../../../types/volunteer';
import { MAX_EVIDENCE_BYTES } from '../../../types/volunteer';
import { actorId } from '../../core/auth/caller';
import {
  looksLike,
  reportDateRefusal,
  resolveRules,
  shanghaiDay,
  toCh,
  isWholeSteps,
} from '../../core/domain/volunteer';
import { DomainError, invalid } from '../../core/errors';
import { newId } from '../../core/repos/db';
import { evidenceByFileIds, insertEvidence, storeEvidence } from '../../core/repos/evidence-files';
import { getTeamMember } from '../../core/repos/team-members';
import { insertHours, type HoursDoc } from '../../core/repos/volunteer-hours';
import type { ActionContext } from '../../core/router';
import { me, requireTeam } from './common';

/**
 * A photo for a report, uploaded through the function (so the server knows who uploaded it): the
 * bytes must be a JPEG/PNG of at most MAX_EVIDENCE_BYTES; stored under
 * `volunteer-evidence/<memberId>/<id>.<ext>` and recorded with its uploader in `evidence_files`.
 */
export async function uploadEvidence(
  input: TUploadEvidenceInput,
  ctx: ActionContext,
): Promise<TUploadEvidenceOutput> {
  const m = me(ctx.caller);
  const bytes = Buffer.from(input.contentBase64, 'base64');
  if (bytes.length === 0 || bytes.length > MAX_EVIDENCE_BYTES)
    throw invalid('payload.contentBase64', `a photo of at most ${MAX_EVIDENCE_BYTES} bytes`);
  if (!looksLike(input.contentType, bytes))
    throw invalid('payload.contentBase64', `not a ${input.contentType} image`);
  const id = newId();
  const cloudPath = `volunteer-evidence/${m.id}/${id}.${input.contentType === 'image/png' ? 'png' : 'jpg'}`;
  const { fileId, url } = await storeEvidence(cloudPath, bytes);
  await insertEvidence({
    _id: id,
    fileId,
    memberId: m.id,
    cloudPath,
    bytes: bytes.length,
    contentType: input.contentType,
    createdAt: ctx.now,
  });
  return { fileId, url };
}

/**
 * A member's report of service done elsewhere (kind `reported`, always pending until a leader of
 * the team approves). The date: not after today, not more than a year back (REPORT_DATE_INVALID);
 * hours: a multiple of the team's step and within its daily cap; evidence: the caller's own uploads
 * only (EVIDENCE_NOT_OWNED).
 */
export async function report(input: TReportInput, ctx: ActionContext): Promise<TReportOutput> {
  const m = me(ctx.caller);
  const team = await requireTeam(input.teamId);
  const row = await getTeamMember(team._id, m.id);
  if (row?.status !== 'active') throw new DomainError('NOT_TEAM_MEMBER', 'not an active member of this team');
  const refusal = reportDateRefusal(input.date, ctx.now);
  if (refusal)
    throw new DomainError(
      'REPORT_DATE_INVALID',
      refusal === 'future' ? 'the date is in the future' : 'more than a year ago',
      {
        reason: refusal,
      },
    );
  const rules = resolveRules(team.rules);
  const ch = toCh(input.hours);
  if (!isWholeSteps(ch, rules)) throw invalid('payload.hours', `must be a multiple of ${rules.stepHours}`);
  if (ch > toCh(rules.dailyCapHours))
    throw new DomainError('DAILY_CAP_EXCEEDED', `at most ${rules.dailyCapHours} hours a day`);
  const files = [...new Set(input.evidenceFileIds ?? [])];
  if (files.length > 0) {
    const owned = new Set(
      (await evidenceByFileIds(files)).filter((f) => f.memberId === m.id).map((f) => f.fileId),
    );
    const bad = files.findIndex((f) => !owned.has(f));
    if (bad >= 0)
      throw new DomainError('EVIDENCE_NOT_OWNED', 'evidence must be your own upload', {
        fields: [{ path: `payload.evidenceFileIds.${bad}`, message: 'not your upload' }],
      });
  }
  const doc: HoursDoc = {
    _id: newId(),
    kind: 'reported',
    status: 'pending',
    memberId: m.id,
    memberName: m.name,
    teamId: team._id,
    activityId: null,
    title: input.title,
    date: input.date,
    day: shanghaiDay(input.date),
    ch,
    proposedCh: ch,
    flags: files.length === 0 ? ['no_evidence'] : [],
    description: input.description,
    evidenceFileIds: files,
    createdBy: actorId(ctx.caller),
    createdAt: ctx.now,
    updatedAt: ctx.now,
  };
  await insertHours(doc);
  return { recordId: doc._id, kind: 'reported', status: 'pending' };
}
