import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { COLLECTIONS } from './db';

/**
 * One repository per collection (ARCHITECTURE.md): every read and write of a collection is in
 * `core/repos/<collection>.ts` (`checkin_scans` → `checkin-scans.ts`). Read models that join several
 * collections for one screen live in `core/repos/read/` and go through those repositories. Reads the
 * source as text, so a new file or collection is covered without editing this test.
 */
const fnRoot = path.resolve(__dirname, '..', '..');
const reposDir = __dirname;
const declared = JSON.parse(readFileSync(path.join(fnRoot, 'collections.json'), 'utf8')) as {
  collections: { name: string }[];
};

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return name === 'node_modules' ? [] : tsFiles(p);
    return p.endsWith('.ts') && !p.endsWith('.test.ts') ? [p] : [];
  });
}

/** The file that owns a collection. */
const repoFile = (collection: string) => path.join(reposDir, `${collection.replace(/_/g, '-')}.ts`);

/**
 * Every place server code names a collection to the SDK or the paging helpers: `collection(x)`,
 * `tx.collection(x)`, `readAll<T>(x, …)`, `readIn<T>(x, …)`. `x` as written (a literal or not).
 */
function collectionUses(source: string): string[] {
  const out: string[] = [];
  const re = /\b(?:collection|readAll|readIn)\s*(?:<[^()]*?>)?\s*\(\s*([^,)]*)/g;
  for (const m of source.matchAll(re)) out.push(m[1].trim());
  return out;
}

/** Deployed server code: not the plumbing that defines `collection()` (db.ts, sdk.ts), not test kits. */
const serverFiles = tsFiles(fnRoot).filter(
  (f) =>
    f !== path.join(reposDir, 'db.ts') &&
    f !== path.join(fnRoot, 'core', 'sdk.ts') &&
    !f.split(path.sep).includes('testkit'),
);

describe('one repository per collection', () => {
  it('names the same collections in collections.json and COLLECTIONS (repos/db.ts)', () => {
    expect(Object.values(COLLECTIONS).sort()).toEqual(declared.collections.map((c) => c.name).sort());
  });

  it.each(Object.values(COLLECTIONS))('%s has its repository file', (name) => {
    expect(existsSync(repoFile(name))).toBe(true);
  });

  it('reads and writes each collection only in its repository, by a literal name', () => {
    const offenders: string[] = [];
    for (const file of serverFiles) {
      for (const arg of collectionUses(readFileSync(file, 'utf8'))) {
        const literal = /^(['"])([a-z_]+)\1$/.exec(arg)?.[2];
        const where = path.relative(fnRoot, file);
        if (!literal) offenders.push(`${where}: collection named by ${arg || '(nothing)'}`);
        else if (repoFile(literal) !== file) offenders.push(`${where}: touches '${literal}'`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('finds what it looks for (the scan is not vacuous)', () => {
    const uses = collectionUses(readFileSync(repoFile('checkins'), 'utf8'));
    expect(uses).toContain("'checkins'");
    expect(
      collectionUses("readAll<X>('a', {}); tx.collection(name).doc(id); readIn('b', '_id', ids)"),
    ).toEqual(["'a'", 'name', "'b'"]);
  });

  it('keeps read models on the repositories (no database access of their own)', () => {
    const readDir = path.join(reposDir, 'read');
    const offenders = (existsSync(readDir) ? tsFiles(readDir) : []).filter((f) =>
      /from ['"]\.\.\/(db|\.\.\/sdk)['"]/.test(readFileSync(f, 'utf8')),
    );
    expect(offenders.map((f) => path.relative(fnRoot, f))).toEqual([]);
  });
});
