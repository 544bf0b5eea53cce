import type {
  TCreateSiteInput,
  TCreateSiteOutput,
  TListSitesOutput,
  TSiteCodeOutput,
  TUpdateSiteInput,
  TUpdateSiteOutput,
} from '../../../types/activity';
import { actorId } from '../../core/auth/caller';
import { newSiteCode, siteScene } from '../../core/domain/rotating-code';
import { DomainError } from '../../core/errors';
import { appendAudit } from '../../core/repos/audit';
import { getBranch } from '../../core/repos/branches';
import { isDuplicateKeyError, newId, runTransaction } from '../../core/repos/db';
import {
  getSite,
  insertSite,
  listSitesOfBranch,
  renderSiteQr,
  toSite,
  updateSiteDoc,
  type SiteDoc,
} from '../../core/repos/sites';
import type { ActionContext } from '../../core/router';

/** The page a site's mini-program code opens (its `scene` carries `s.<code>`). */
export const CHECKIN_PAGE = 'pages/checkin/index';

/** A new site with a fresh short code; a (very unlikely) code collision is retried. */
export async function createSite(input: TCreateSiteInput, ctx: ActionContext): Promise<TCreateSiteOutput> {
  if (!(await getBranch(input.branchId))) throw new DomainError('NOT_FOUND', 'no such branch');
  for (let attempt = 0; ; attempt++) {
    const doc: SiteDoc = {
      _id: newId(),
      branchId: input.branchId,
      name: input.name,
      kind: input.kind,
      location: { lat: input.location.lat, lng: input.location.lng },
      radiusM: input.radiusM,
      wifiBssids: input.wifiBssids ?? [],
      code: newSiteCode(),
      createdAt: ctx.now,
      updatedAt: ctx.now,
    };
    if (input.address) doc.address = input.address;
    try {
      await runTransaction(async (tx) => {
        await insertSite(doc, tx);
        await appendAudit(
          {
            actor: actorId(ctx.caller),
            action: 'site.create',
            targetType: 'site',
            targetId: doc._id,
            branchId: doc.branchId,
            after: doc,
            requestId: ctx.requestId,
          },
          ctx.now,
          tx,
        );
      });
      return { id: doc._id, code: doc.code };
    } catch (err) {
      if (isDuplicateKeyError(err) && attempt < 3) continue;
      throw err;
    }
  }
}

export async function updateSite(input: TUpdateSiteInput, ctx: ActionContext): Promise<TUpdateSiteOutput> {
  const before = await getSite(input.siteId);
  if (!before) throw new DomainError('NOT_FOUND', 'no such site');
  const patch: Partial<SiteDoc> = { updatedAt: ctx.now };
  if (input.name !== undefined) patch.name = input.name;
  if (input.kind !== undefined) patch.kind = input.kind;
  if (input.location !== undefined) patch.location = { lat: input.location.lat, lng: input.location.lng };
  if (input.radiusM !== undefined) patch.radiusM = input.radiusM;
  if (input.wifiBssids !== undefined) patch.wifiBssids = input.wifiBssids;
  if (input.address !== undefined) patch.address = input.address;
  await runTransaction(async (tx) => {
    await updateSiteDoc(before._id, patch, tx);
    await appendAudit(
      {
        actor: actorId(ctx.caller),
        action: 'site.update',
        targetType: 'site',
        targetId: before._id,
        branchId: before.branchId,
        before,
        after: { ...before, ...patch },
        requestId: ctx.requestId,
      },
      ctx.now,
      tx,
    );
  });
  return { id: before._id };
}

export async function listSites(branchId: string): Promise<TListSitesOutput> {
  return (await listSitesOfBranch(branchId)).map(toSite);
}

/**
 * The site's static code, its scene and a printable mini-program code image (PNG in cloud storage,
 * regenerated on each call so a changed page path or a lost file heals itself).
 */
export async function siteCode(siteId: string, ctx: ActionContext): Promise<TSiteCodeOutput> {
  const site = await getSite(siteId);
  if (!site) throw new DomainError('NOT_FOUND', 'no such site');
  const scene = siteScene(site.code);
  const { fileId, png } = await renderSiteQr(site._id, scene, CHECKIN_PAGE);
  if (site.qrFileId !== fileId) await updateSiteDoc(site._id, { qrFileId: fileId, updatedAt: ctx.now });
  return { code: site.code, scene, fileId, pngBase64: png.toString('base64') };
}
