/**
 * Cloud storage on the local disk: files live under `<dataDir>/storage/<cloudPath>` and are
 * served at `GET /__storage/<cloudPath>`. File ids look like CloudBase's:
 * `cloud://<env>.<bucket>/<cloudPath>` (bucket = `local-<env>`).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { StorageRules, type StorageRuleSet } from './storage-rules';

/**
 * CloudBase's basic storage permission for a new environment (所有用户可读，仅创建者及管理员可写): what
 * applies until a project deploys its own rule (`LocalCloudOptions.storageRules`).
 */
export const PLATFORM_DEFAULT_RULE: StorageRuleSet = { read: true, write: 'resource.openid == auth.openid' };

export class LocalStorage {
  readonly root: string;
  private readonly pendingUploads = new Map<string, { cloudPath: string; expires: number }>();
  /** cloud path → the openid of the client that uploaded it (`resource.openid`); server uploads have none */
  private readonly owners: Map<string, string>;
  private readonly ownersFile: string;

  constructor(
    dataDir: string,
    private readonly env: string,
    private readonly baseUrl: () => string,
    /** The bucket's security rule, for calls from a client (never for functions or admin). */
    readonly rules: StorageRules = new StorageRules(PLATFORM_DEFAULT_RULE),
  ) {
    this.root = path.join(dataDir, 'storage');
    fs.mkdirSync(this.root, { recursive: true });
    this.ownersFile = path.join(dataDir, 'storage-owners.json');
    this.owners = new Map(
      fs.existsSync(this.ownersFile)
        ? Object.entries(JSON.parse(fs.readFileSync(this.ownersFile, 'utf8')) as Record<string, string>)
        : [],
    );
  }

  private setOwner(cloudPath: string, openid: string | null): void {
    if (openid) this.owners.set(cloudPath, openid);
    else if (!this.owners.delete(cloudPath)) return;
    const tmp = `${this.ownersFile}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(Object.fromEntries(this.owners)));
    fs.renameSync(tmp, this.ownersFile);
  }

  ownerOf(cloudPath: string): string | null {
    return this.owners.get(cloudPath) ?? null;
  }

  private writeDurably(cloudPath: string, body: Buffer, tag: string): void {
    const file = this.diskPath(cloudPath);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${tag}.tmp`;
    const fd = fs.openSync(tmp, 'w');
    try {
      fs.writeSync(fd, body);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
  }

  /**
   * `wx.cloud.uploadFile` from a client (openid, or null when not signed in): allowed by the rule's
   * `write` with `resource.openid` = the existing file's uploader, or the caller for a new file.
   */
  clientUpload(
    openid: string | null,
    cloudPathRaw: string,
    body: Buffer,
  ): { ok: true; fileID: string } | { ok: false; status: number; code: string; message: string } {
    const cloudPath = this.safeCloudPath(cloudPathRaw);
    if (!cloudPath) return { ok: false, status: 400, code: 'INVALID_PARAM', message: 'invalid cloudPath' };
    const exists = fs.existsSync(this.diskPath(cloudPath));
    const owner = exists ? this.ownerOf(cloudPath) : openid;
    if (!this.rules.canWrite(openid, owner))
      return {
        ok: false,
        status: 403,
        code: 'STORAGE_EXCEED_AUTHORITY',
        message: 'the storage rule refuses this upload',
      };
    this.writeDurably(cloudPath, body, crypto.randomBytes(6).toString('hex'));
    this.setOwner(cloudPath, openid);
    return { ok: true, fileID: this.fileIdFor(cloudPath) };
  }

  /** `wx.cloud.downloadFile` from a client: the rule's `read` with `resource.openid` = the uploader. */
  clientDownload(
    openid: string | null,
    fileId: string,
  ): { ok: true; file: string } | { ok: false; status: number; code: string; message: string } {
    const cloudPath = this.cloudPathOf(fileId);
    if (!cloudPath || !fs.existsSync(this.diskPath(cloudPath)))
      return { ok: false, status: 404, code: 'STORAGE_FILE_NONEXIST', message: 'no such file' };
    if (!this.rules.canRead(openid, this.ownerOf(cloudPath)))
      return {
        ok: false,
        status: 403,
        code: 'STORAGE_EXCEED_AUTHORITY',
        message: 'the storage rule refuses this download',
      };
    return { ok: true, file: this.diskPath(cloudPath) };
  }

  get bucket(): string {
    return `local-${this.env}`;
  }

  fileIdFor(cloudPath: string): string {
    return `cloud://${this.env}.${this.bucket}/${cloudPath}`;
  }

  /** cloud path of a file id, or null when the id is not one of ours / unsafe */
  cloudPathOf(fileId: string): string | null {
    const m = /^cloud:\/\/[^/]+\/(.+)$/.exec(fileId);
    return m ? this.safeCloudPath(m[1]) : null;
  }

  safeCloudPath(p: string): string | null {
    const norm = path.posix.normalize(p.replace(/^\/+/, ''));
    if (!norm || norm === '.' || norm.startsWith('..') || norm.includes('\0')) return null;
    return norm;
  }

  diskPath(cloudPath: string): string {
    return path.join(this.root, ...cloudPath.split('/'));
  }

  /** Like CloudBase's temp URLs this is not percent-encoded: the SDK runs `encodeURI` on it before use. */
  urlFor(cloudPath: string): string {
    return `${this.baseUrl()}/__storage/${cloudPath}`;
  }

  /** `storage.getUploadMetadata`: a one-time PUT url with its token. */
  uploadMetadata(cloudPathRaw: unknown): { code: string; message: string } | Record<string, string> {
    const cloudPath = typeof cloudPathRaw === 'string' ? this.safeCloudPath(cloudPathRaw) : null;
    if (!cloudPath) return { code: 'INVALID_PARAM', message: `invalid cloudPath: ${String(cloudPathRaw)}` };
    const token = crypto.randomBytes(16).toString('hex');
    this.pendingUploads.set(token, { cloudPath, expires: Date.now() + 10 * 60 * 1000 });
    const fileId = this.fileIdFor(cloudPath);
    return {
      url: `${this.baseUrl()}/__storage-upload/${token}`,
      token,
      authorization: `localcloud ${token}`,
      fileId,
      // sent back by the SDK as an HTTP header: must be ASCII
      cosFileId: crypto.createHash('sha1').update(cloudPath).digest('hex'),
      download_url: this.urlFor(cloudPath),
    };
  }

  /** The PUT of an upload: checks the one-time token and writes the file durably. */
  acceptUpload(
    token: string,
    authorization: string | undefined,
    body: Buffer,
  ): { status: number; error?: string } {
    const pending = this.pendingUploads.get(token);
    if (!pending || pending.expires < Date.now()) return { status: 403, error: 'AccessDenied' };
    if (authorization !== `localcloud ${token}`) return { status: 403, error: 'SignatureDoesNotMatch' };
    this.pendingUploads.delete(token);
    this.writeDurably(pending.cloudPath, body, token);
    // A server-side (function/admin) upload has no client owner.
    this.setOwner(pending.cloudPath, null);
    return { status: 200 };
  }

  /** `storage.batchGetDownloadUrl` */
  downloadUrls(list: unknown): Array<{ fileID: string; tempFileURL: string; code: string }> {
    const items = Array.isArray(list) ? list : [];
    return items.map((it: { fileid?: unknown }) => {
      const fileID = String(it?.fileid ?? '');
      const cloudPath = this.cloudPathOf(fileID);
      if (!cloudPath || !fs.existsSync(this.diskPath(cloudPath))) {
        return { fileID, tempFileURL: '', code: 'STORAGE_FILE_NONEXIST' };
      }
      return { fileID, tempFileURL: this.urlFor(cloudPath), code: 'SUCCESS' };
    });
  }

  /** `storage.batchDeleteFile` */
  deleteFiles(list: unknown): Array<{ fileID: string; code: string }> {
    const items = Array.isArray(list) ? list : [];
    return items.map((raw) => {
      const fileID = String(raw ?? '');
      const cloudPath = this.cloudPathOf(fileID);
      if (!cloudPath) return { fileID, code: 'STORAGE_FILE_NONEXIST' };
      const file = this.diskPath(cloudPath);
      if (!fs.existsSync(file)) return { fileID, code: 'STORAGE_FILE_NONEXIST' };
      fs.unlinkSync(file);
      this.setOwner(cloudPath, null);
      return { fileID, code: 'SUCCESS' };
    });
  }

  /** File for `GET /__storage/<path>` or null. */
  resolveForRead(urlPath: string): string | null {
    let decoded: string;
    try {
      decoded = decodeURIComponent(urlPath);
    } catch {
      return null;
    }
    const cloudPath = this.safeCloudPath(decoded);
    if (!cloudPath) return null;
    const file = this.diskPath(cloudPath);
    if (!file.startsWith(this.root + path.sep)) return null;
    try {
      return fs.statSync(file).isFile() ? file : null;
    } catch {
      return null;
    }
  }
}
