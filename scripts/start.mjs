#!/usr/bin/env node
// `npm start`: build the functions and the H5 app, then start the local cloud with demo data and
// serve the app. Data lives in .localcloud/ (delete it to start over with fresh demo data).
import { spawnSync, spawn } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const port = process.env.PORT || '8787';

function step(label, args) {
  console.log(`[start] ${label}…`);
  const r = spawnSync('npm', ['run', '-s', ...args], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`[start] ${label} failed`);
    process.exit(r.status ?? 1);
  }
}

step('building cloud functions', ['build:functions']);
step('building the H5 app (first time ~30 s)', ['build:h5']);

const child = spawn(
  'npx',
  ['tsx', 'emulator/cli.ts', '--port', port, '--data', '.localcloud', '--seed', ...process.argv.slice(2)],
  {
    cwd: root,
    stdio: ['inherit', 'pipe', 'inherit'],
    // Subscribe-message template ids (config/subscribe-templates.json): any value works locally; a
    // deployment sets the real ids from the WeChat console.
    env: {
      ...process.env,
      APP_TEMPLATE_MEETING_REMINDER: process.env.APP_TEMPLATE_MEETING_REMINDER || 'local-meeting-reminder',
      APP_TEMPLATE_MEETING_CANCELLED: process.env.APP_TEMPLATE_MEETING_CANCELLED || 'local-meeting-cancelled',
      APP_TEMPLATE_TASK_REMINDER: process.env.APP_TEMPLATE_TASK_REMINDER || 'local-task-reminder',
      APP_TEMPLATE_BINDING_DECIDED: process.env.APP_TEMPLATE_BINDING_DECIDED || 'local-binding-decided',
    },
  },
);
child.stdout.on('data', (buf) => {
  process.stdout.write(buf);
  if (String(buf).includes('local cloud ready:')) {
    console.log(`\n  打开 / open:  http://127.0.0.1:${port}/#/pages/login/index   (以演示身份进入)`);
    console.log(`  开发面板 / dev UI:  http://127.0.0.1:${port}/__ui\n`);
  }
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => process.exit(code ?? 0));
