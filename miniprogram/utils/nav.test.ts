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
  it('names only pages of app.config.ts', () => {
    const pages = new Set(configuredPages());
    expect(Object.values(ROUTES).filter((r) => !pages.has(r))).toEqual([]);
  });

  it('names every page of the main package and of every subpackage', () => {
    const named = new Set<string>(Object.values(ROUTES));
    expect(configuredPages().filter((p) => !named.has(p))).toEqual([]);
  });
});
