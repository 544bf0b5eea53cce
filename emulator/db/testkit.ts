/**
 * Test tooling: a minimal `/admin` HTTP front for a LocalDatabase (what emulator/server.ts does for real),
 * and the environment seam that points the real @cloudbase/node-sdk / wx-server-sdk at it.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LocalDatabase } from './index';

export interface DbServer {
  url: string;
  port: number;
  /** number of requests answered (for assertions about round trips) */
  requests: () => number;
  close: () => Promise<void>;
}

/**
 * Serves `POST /admin?env=…&seqId=…` with a JSON body `{ action, … }` the way the SDK sends it
 * (content-type application/json) and answers `{ requestId, …reply }` with status 200.
 */
export function serveDatabase(db: LocalDatabase, port = 0): Promise<DbServer> {
  let count = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify(body));
      };
      const path = (req.url ?? '').split('?')[0];
      if (req.method !== 'POST' || path !== '/admin')
        return send(404, { code: 'NOT_FOUND', message: 'not found' });
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
      } catch {
        return send(200, { requestId: 'bad-json', code: 'INVALID_PARAM', message: 'body is not JSON' });
      }
      const requestId = `local-${Date.now().toString(36)}-${++count}`;
      const action = String(body.action ?? '');
      if (!action.startsWith('database.')) {
        return send(200, { requestId, code: 'INVALID_ACTION', message: `unsupported action ${action}` });
      }
      void db.handle(action, body).then((reply) => send(200, { requestId, ...reply }));
    });
  });
  return new Promise((resolve) => {
    server.listen(port, '127.0.0.1', () => {
      const p = (server.address() as AddressInfo).port;
      resolve({
        url: `http://127.0.0.1:${p}/admin`,
        port: p,
        requests: () => count,
        close: () =>
          new Promise<void>((r) => {
            server.closeAllConnections();
            server.close(() => r());
          }),
      });
    });
  });
}

/** The DESIGN.md seam: the SDK reads these on every request. */
export function pointSdkAt(url: string, env = 'local-test'): void {
  Object.assign(process.env, {
    TCB_CONTEXT_CNFG: JSON.stringify({ URL: url }),
    TENCENTCLOUD_RUNENV: 'SCF',
    SCF_NAMESPACE: env,
    TCB_ENV: env,
    TENCENTCLOUD_REGION: 'ap-shanghai',
    TENCENTCLOUD_SECRETID: 'local',
    TENCENTCLOUD_SECRETKEY: 'local',
    SILENCE: 'true',
  });
}
