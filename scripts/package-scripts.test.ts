/** Every npm script that runs a file of this repository names a file that exists (`test:e2e` once named none). */
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
};

test.each(Object.entries(pkg.scripts))('npm run %s names files that exist', (_name, cmd) => {
  for (const m of cmd.matchAll(/(?:^|&&|\s)(?:tsx|node)\s+([\w./-]+\.(?:ts|mjs|cjs|js))/g)) {
    expect(fs.existsSync(path.join(root, m[1]))).toBe(true);
  }
});

test('test:e2e runs the browser/boot tests through the same runner as npm test, after their builds', () => {
  expect(pkg.scripts['test:e2e']).toBe('node scripts/test.mjs build:weapp build:h5 e2e');
  const runner = fs.readFileSync(path.join(root, 'scripts', 'test.mjs'), 'utf8');
  for (const step of ['build:weapp', 'build:h5', 'e2e']) expect(runner).toContain(`'${step}'`);
});

test('npm test runs WeChat’s offline checks after the weapp build, and CI installs their tool first', () => {
  expect(pkg.scripts['check:weapp']).toBe('node scripts/check-weapp.mjs');
  const runner = fs.readFileSync(path.join(root, 'scripts', 'test.mjs'), 'utf8');
  const at = (step: string) => runner.indexOf(`check('${step}'`);
  expect(at('check:weapp')).toBeGreaterThan(at('build:weapp'));
  expect(at('build:weapp')).toBeGreaterThan(-1);
  // miniprogram-ci stays out of the main install: its own folder, lockfile, installed by CI
  expect(pkg).not.toHaveProperty('dependencies.miniprogram-ci');
  expect(pkg).not.toHaveProperty('devDependencies.miniprogram-ci');
  const tool = JSON.parse(fs.readFileSync(path.join(root, 'tools/weapp-ci/package.json'), 'utf8'));
  expect(tool.dependencies).toHaveProperty('miniprogram-ci');
  expect(fs.existsSync(path.join(root, 'tools/weapp-ci/package-lock.json'))).toBe(true);
  const ci = fs.readFileSync(path.join(root, '.ci/run'), 'utf8');
  expect(ci.indexOf('cd tools/weapp-ci && npm ci')).toBeGreaterThan(-1);
  expect(ci.indexOf('cd tools/weapp-ci && npm ci')).toBeLessThan(ci.lastIndexOf('npm test'));
});
