import { randomBytes } from 'node:crypto';
import type {
  TCertificate,
  TIssueCertificateInput,
  TIssueCertificateOutput,
  TMyCertificatesOutput,
  TVerifyCertificateInput,
  TVerifyCertificateOutput,
} from '../../../types/volunteer';
import { actorId } from '../../core/auth/caller';
import { maskStaffNo } from '../../core/domain/member/privacy';
import {
  certificateMac,
  certificateNumber,
  fromCh,
  maskName,
  shanghaiDay,
  totalsOf,
  verifyCertificate as verifyRule,
  verifyCodeOf,
  type CertificateContent,
} from '../../core/domain/volunteer';
import { DomainError } from '../../core/errors';
import {
  getCertificate,
  insertCertificate,
  listMemberCertificates,
  type CertificateDoc,
} from '../../core/repos/certificates';
import { getMember } from '../../core/repos/members';
import { teamAndDescendants } from '../../core/repos/read/team-grant';
import { serverSecret } from '../../core/repos/server-secrets';
import { getTeamMember } from '../../core/repos/team-members';
import { listMemberHours } from '../../core/repos/volunteer-hours';
import type { ActionContext } from '../../core/router';
import { me, requireTeam } from './common';

/**
 * The certificate key: `APP_CERT_SECRET` from the function's environment (production: set it when
 * deploying), else a random key the server generated once and keeps in `server_secrets`.
 */
async function certificateSecret(now: number): Promise<Uint8Array> {
  const configured = process.env.APP_CERT_SECRET;
  const value = configured && configured.length >= 16 ? configured : await serverSecret('certificate', now);
  return new TextEncoder().encode(value);
}

function view(doc: CertificateDoc, secretMac: string): TCertificate {
  const c = doc.content;
  return {
    certificateNo: c.certificateNo,
    verifyCode: verifyCodeOf(secretMac),
    name: c.name,
    staffNoMasked: c.staffNoMasked,
    team: c.team,
    from: c.from,
    to: c.to,
    hours: c.hours,
    events: c.events,
    issuedAt: c.issuedAt,
  };
}

/**
 * 志愿服务证明 for a period: the member's confirmed hours with this team (and its sub-teams), frozen
 * with an HMAC. A member asks for their own; a leader of the team for a member of it (the policy).
 */
export async function issueCertificate(
  input: TIssueCertificateInput,
  ctx: ActionContext,
): Promise<TIssueCertificateOutput> {
  const self = ctx.caller.member && ctx.caller.active ? ctx.caller.member : null;
  const subjectId = input.memberId ?? self?.id;
  if (!subjectId) throw new DomainError('NOT_BOUND', 'no active member');
  const team = await requireTeam(input.teamId);
  const [subject, row] = await Promise.all([getMember(subjectId), getTeamMember(team._id, subjectId)]);
  if (!subject) throw new DomainError('NOT_FOUND', 'no such member');
  const teams = await teamAndDescendants(team);
  const teamIds = new Set(teams.map((t) => t._id));
  const entries = (await listMemberHours(subject.id, input.from, input.to)).filter(
    (h) => h.status === 'confirmed' && teamIds.has(h.teamId) && h.ch > 0,
  );
  if (row?.status !== 'active' && entries.length === 0)
    throw new DomainError('NOT_TEAM_MEMBER', 'not a member of this team');
  if (entries.length === 0) throw new DomainError('NO_CONFIRMED_HOURS', 'no confirmed hours in this period');
  const secret = await certificateSecret(ctx.now);
  for (let attempt = 0; attempt < 5; attempt++) {
    const content: CertificateContent = {
      certificateNo: certificateNumber(shanghaiDay(ctx.now), randomBytes(6)),
      memberId: subject.id,
      name: subject.name,
      staffNoMasked: maskStaffNo(subject.staffNo),
      teamId: team._id,
      team: team.name,
      from: input.from,
      to: input.to,
      hours: totalsOf(entries),
      events: entries
        .map((h) => ({ title: h.title, date: h.date, hours: fromCh(h.ch), kind: h.kind }))
        .sort((a, b) => a.date - b.date),
      issuedAt: ctx.now,
      issuedBy: actorId(ctx.caller),
    };
    const mac = certificateMac(content, secret);
    const doc: CertificateDoc = {
      _id: content.certificateNo,
      memberId: subject.id,
      teamId: team._id,
      content,
      mac,
      issuedAt: ctx.now,
    };
    if (await insertCertificate(doc)) return view(doc, mac);
  }
  throw new Error('could not draw a free certificate number');
}

/** Anyone holding the number and code: the masked name, hours, period, team, issue date — or CERTIFICATE_INVALID. */
export async function verifyCertificate(
  input: TVerifyCertificateInput,
  ctx: ActionContext,
): Promise<TVerifyCertificateOutput> {
  const no = input.certificateNo.trim().toUpperCase();
  const doc = /^[A-Z0-9-]{1,40}$/.test(no) ? await getCertificate(no) : null;
  const secret = await certificateSecret(ctx.now);
  const v = verifyRule(doc ? { content: doc.content, mac: doc.mac } : null, input.verifyCode, secret);
  if (!v.valid || !doc || doc.content.certificateNo !== no)
    throw new DomainError('CERTIFICATE_INVALID', 'no certificate matches this number and code');
  const c = doc.content;
  return {
    valid: true,
    certificateNo: c.certificateNo,
    name: maskName(c.name),
    hours: c.hours,
    from: c.from,
    to: c.to,
    team: c.team,
    issuedAt: c.issuedAt,
  };
}

export async function myCertificates(ctx: ActionContext): Promise<TMyCertificatesOutput> {
  const m = me(ctx.caller);
  const docs = await listMemberCertificates(m.id);
  return docs.map((d) => view(d, d.mac));
}
