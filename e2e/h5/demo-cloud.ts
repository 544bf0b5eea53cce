import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startLocalCloud, type LocalCloud } from '../../emulator/index';

const root = path.resolve(__dirname, '../..');

/** The H5 build the browser tests serve (default dist/h5; E2E_H5_DIR points at another build). */
export const H5_DIR = process.env.E2E_H5_DIR ?? path.join(root, 'dist/h5');

export interface DemoCloud {
  cloud: LocalCloud;
  /** stops the local cloud and removes its data folder */
  stop(): Promise<void>;
}

/**
 * A private local cloud with the demo data (`--seed`) serving the H5 build, for one browser-test file.
 * Fails at once, naming the missing file, when the H5 build or a needed function bundle is absent
 * (`npm test` builds them first; alone: `npm run build:h5 && npm run build:functions`).
 */
export async function startDemoCloud(
  label: string,
  opts: { functions: string[]; env?: Record<string, string> },
): Promise<DemoCloud> {
  const need = [
    path.join(H5_DIR, 'index.html'),
    ...opts.functions.map((fn) => path.join(root, 'dist/functions', fn, 'index.js')),
  ];
  for (const f of need) {
    if (!fs.existsSync(f))
      throw new Error(`${f} missing: run npm run build:h5 and npm run build:functions first`);
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `e2e-${label}-`));
  const cloud = await startLocalCloud({
    port: 0,
    dataDir,
    seed: true,
    h5Dir: H5_DIR,
    functionsDir: path.join(root, 'dist/functions'),
    collectionsFile: path.join(root, 'cloudfunctions/collections.json'),
    timers: false,
    quiet: true,
    env: opts.env,
  });
  return {
    cloud,
    async stop() {
      await cloud.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** `POST /fn/<fn>` as `openid`; the envelope's data, or an Error naming the action and its error. */
export async function callFn<T>(
  cloud: LocalCloud,
  fn: string,
  action: string,
  payload: unknown,
  openid: string,
): Promise<T> {
  const res = await fetch(`${cloud.url}/fn/${fn}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-openid': openid },
    body: JSON.stringify({ action, payload }),
  });
  const env = (await res.json()) as { ok: boolean; data: T; error?: unknown };
  if (!env.ok) throw new Error(`${fn}.${action}: ${JSON.stringify(env.error)}`);
  return env.data;
}
