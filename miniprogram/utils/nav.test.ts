import fs from 'node:fs';
import path from 'node:path';

jest.mock('@tarojs/taro', () => ({ __esModule: true, default: {} }));
import { ROUTES } from './nav';

/** The pages of app.config.ts, read from its source (main pages + every subpackage's pages). */
function configuredPages(): string[] {
  const src = fs.readFileSync(path.join(__dirname, '../app.config.ts'), 'utf8');
  const quoted = (s: string) => [...s.matchAll(/'([a-z0-9/-]+\/index)'/g)].map((m) => m[1]);
  const main = quoted(src.slice(0, src.indexOf('subPackages')));
  const subs = [...src.matchAll(/root: '([a-z]+)',?\s*pages: \[([^\]]*)\]/g)].flatMap((m) =>
    quoted(m[2]).map((p) => `${m[1]}/${p}`),
  );
  return [...main, ...subs].map((p) => '/' + p);
}

describe('ROUTES (utils/nav.ts)', () => {
  it('names every page of app.config.ts, and only those', () => {
    expect(Object.values(ROUTES).sort()).toEqual([...new Set(configuredPages())].sort());
  });
});
