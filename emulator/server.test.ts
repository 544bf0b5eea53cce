/** Static H5 serving (single-page fallback) and CORS for the H5 dev server. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startLocalCloud, type LocalCloud } from './index';

let cloud: LocalCloud;
let dir: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'localcloud-h5-'));
  const h5Dir = path.join(dir, 'h5');
  fs.mkdirSync(path.join(h5Dir, 'js'), { recursive: true });
  fs.writeFileSync(path.join(h5Dir, 'index.html'), '<!doctype html><title>一线支部</title>');
  fs.writeFileSync(path.join(h5Dir, 'js', 'app.js'), 'console.log(1)');
  fs.writeFileSync(path.join(dir, 'secret.txt'), 'outside');
  cloud = await startLocalCloud({
    port: 0,
    dataDir: path.join(dir, 'data'),
    functionsDir: path.join(__dirname, 'fixtures', 'functions'),
    h5Dir,
    quiet: true,
    timers: false,
  });
});
afterAll(async () => {
  await cloud.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('/ and assets come from the H5 build with their content types', async () => {
  const home = await fetch(`${cloud.url}/`);
  expect(home.headers.get('content-type')).toContain('text/html');
  expect(await home.text()).toContain('一线支部');
  const js = await fetch(`${cloud.url}/js/app.js`);
  expect(js.headers.get('content-type')).toContain('text/javascript');
  expect(await js.text()).toBe('console.log(1)');
});

test('unknown app routes fall back to index.html; missing assets are 404', async () => {
  expect(await (await fetch(`${cloud.url}/pages/checkin/index`)).text()).toContain('一线支部');
  expect((await fetch(`${cloud.url}/js/missing.js`)).status).toBe(404);
});

test('files outside the build are not served', async () => {
  const r = await fetch(`${cloud.url}/..%2Fsecret.txt`);
  expect(await r.text()).not.toContain('outside');
});

test('CORS preflight for /fn with x-openid', async () => {
  const r = await fetch(`${cloud.url}/fn/whoami`, {
    method: 'OPTIONS',
    headers: { origin: 'http://127.0.0.1:10086', 'access-control-request-headers': 'x-openid' },
  });
  expect(r.status).toBe(204);
  expect(r.headers.get('access-control-allow-headers')).toContain('x-openid');
  const call = await fetch(`${cloud.url}/fn/whoami`, {
    method: 'POST',
    headers: { 'x-openid': 'o_h5' },
    body: '{}',
  });
  expect(call.headers.get('access-control-allow-origin')).toBe('*');
});

test('POST /__echo answers the body back', async () => {
  const r = await fetch(`${cloud.url}/__echo`, {
    method: 'POST',
    body: '{"a":1}',
    headers: { 'content-type': 'application/json' },
  });
  expect(r.headers.get('content-type')).toBe('application/json');
  expect(await r.text()).toBe('{"a":1}');
});
