import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { API_SCHEMAS, FUNCTION_NAMES } from '../../types/api';
import { isPolicy } from './auth/policy';
import type { FunctionDefinition } from './router';

/**
 * Every action of every function declares a valid policy and the contract's schema. Enumerates the
 * function folders on disk, so a new function or action is covered without editing this test.
 */
const fnRoot = path.resolve(__dirname, '..');
const functionDirs = readdirSync(fnRoot).filter(
  (d) =>
    d !== 'core' &&
    statSync(path.join(fnRoot, d)).isDirectory() &&
    existsSync(path.join(fnRoot, d, 'index.ts')),
);

describe('registered functions', () => {
  it('finds the functions on disk', () => {
    expect(functionDirs).toContain('member');
  });

  for (const dir of functionDirs) {
    describe(dir, () => {
      const mod = require(path.join(fnRoot, dir, 'index.ts')) as {
        main?: unknown;
        definition?: FunctionDefinition;
      };

      it('exports main and its definition from defineFunction', () => {
        expect(typeof mod.main).toBe('function');
        expect(mod.definition?.name).toBe(dir);
        expect(FUNCTION_NAMES).toContain(dir);
      });

      it('registers at least one action or timer', () => {
        expect((mod.definition?.actions.length ?? 0) + (mod.definition?.timers.length ?? 0)).toBeGreaterThan(
          0,
        );
      });

      it('registers every action the contract declares for it (types/api.ts), and no other', () => {
        const declared = Object.keys(API_SCHEMAS[dir as keyof typeof API_SCHEMAS]).sort();
        expect((mod.definition?.actions ?? []).map((a) => a.name).sort()).toEqual(declared);
      });

      for (const action of mod.definition?.actions ?? []) {
        it(`${action.name}: declares a valid policy and the contract schema`, () => {
          expect(isPolicy(action.policy)).toBe(true);
          const schemas = API_SCHEMAS[dir as keyof typeof API_SCHEMAS] as Record<string, unknown>;
          expect(Object.prototype.hasOwnProperty.call(schemas, action.name)).toBe(true);
          expect(action.input).toBe(schemas[action.name]);
        });
      }
    });
  }
});

describe('the SDK boundary', () => {
  /** Only repositories and the one SDK module may import the CloudBase SDK (DESIGN.md). */
  function tsFiles(dir: string): string[] {
    return readdirSync(dir).flatMap((name) => {
      const p = path.join(dir, name);
      if (statSync(p).isDirectory()) return name === 'node_modules' ? [] : tsFiles(p);
      return p.endsWith('.ts') && !p.endsWith('.test.ts') ? [p] : [];
    });
  }

  it('keeps @cloudbase/node-sdk and wx-server-sdk out of everything but repos/ and sdk.ts', () => {
    const offenders = tsFiles(fnRoot)
      .filter((f) =>
        /from ['"](@cloudbase\/node-sdk|wx-server-sdk)['"]|require\(['"](@cloudbase\/node-sdk|wx-server-sdk)['"]\)/.test(
          readFileSync(f, 'utf8'),
        ),
      )
      .map((f) => path.relative(fnRoot, f))
      .filter(
        (f) => !f.startsWith(path.join('core', 'repos') + path.sep) && f !== path.join('core', 'sdk.ts'),
      );
    expect(offenders).toEqual([]);
  });

  it('keeps the SDK module out of domain code', () => {
    const domain = path.join(fnRoot, 'core', 'domain');
    const offenders = (existsSync(domain) ? tsFiles(domain) : []).filter((f) =>
      /from ['"]\.\.?\/(\.\.\/)*(sdk|repos\/[^'"]+)['"]/.test(readFileSync(f, 'utf8')),
    );
    expect(offenders.map((f) => path.relative(fnRoot, f))).toEqual([]);
  });
});
