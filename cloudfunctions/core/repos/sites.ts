import type { TSite } from '../../../types/activity';
import { getApp } from '../sdk';
import { getUnlimitedCode } from './openapi';
import { collection, firstDoc, readAll, type Transaction } from './db';

/**
 * Frontline sites (一线阵地) as stored in `sites`. `code` is the short static site code (unique index
 * `code_unique`); the mini-program code's scene is `siteScene(code)` = `s.<code>` (docs/checkin.md).
 */
export interface SiteDoc extends Omit<TSite, 'id'> {
  _id: string;
  /** The printable mini-program code image, once generated (`siteCode`). */
  qrFileId?: string;
  createdAt: number;
  updatedAt: number;
}

export function toSite(doc: SiteDoc): TSite {
  const s: TSite = {
    id: doc._id,
    branchId: doc.branchId,
    name: doc.name,
    kind: doc.kind,
    location: { lat: doc.location.lat, lng: doc.location.lng },
    radiusM: doc.radiusM,
    wifiBssids: doc.wifiBssids ?? [],
    code: doc.code,
  };
  if (doc.address) s.address = doc.address;
  return s;
}

export async function getSite(id: string, tx?: Transaction): Promise<SiteDoc | null> {
  const res = tx ? await tx.collection('sites').doc(id).get() : await collection('sites').doc(id).get();
  return firstDoc<SiteDoc>(res.data);
}

export async function siteBranch(id: string): Promise<string | null> {
  return (await getSite(id))?.branchId ?? null;
}

/** Served by `code_unique`. */
export async function findSiteByCode(code: string): Promise<SiteDoc | null> {
  const res = await collection('sites').where({ code }).limit(1).get();
  return firstDoc<SiteDoc>(res.data);
}

/** A branch's sites by name (served by `branch_name`). */
export async function listSitesOfBranch(branchId: string): Promise<SiteDoc[]> {
  return readAll<SiteDoc>('sites', { branchId }, [['name', 'asc']]);
}

export async function insertSite(doc: SiteDoc, tx?: Transaction): Promise<void> {
  if (tx) await tx.collection('sites').add(doc);
  else await collection('sites').add(doc);
}

export async function updateSiteDoc(id: string, patch: Partial<SiteDoc>, tx?: Transaction): Promise<void> {
  if (tx) await tx.collection('sites').doc(id).update(patch);
  else await collection('sites').doc(id).update(patch);
}

/**
 * The printable mini-program code of a site: `wxacode.getUnlimited` (page + scene ≤ 32) rendered by
 * WeChat (the local cloud renders a real QR) through the open API's supported path
 * (repos/openapi.ts), kept in cloud storage (readable by no client: the storage rule) and answered
 * as PNG bytes.
 */
export async function renderSiteQr(
  siteId: string,
  scene: string,
  page: string,
): Promise<{ fileId: string; png: Buffer }> {
  const png = await getUnlimitedCode({ scene, page, width: 430, checkPath: false });
  const up = await getApp().uploadFile({ cloudPath: `site-codes/${siteId}.png`, fileContent: png });
  return { fileId: up.fileID, png };
}
