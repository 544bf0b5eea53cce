import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { buildFunctions, cloudbasercFor, listFunctions, readConfig, validateConfig } from './build-functions';

/**
 * The built folders have the shape the `tcb` CLI deploys as is: index.js exporting main,
 * package.json (main + dependencies), config.json (timeout, triggers). Built into .tmp/ (inside the
 * repo, so the external SDK resolves from the repo's node_modules exactly as from dist/functions).
 */
const root = path.resolve(__dirname, '..');
const outDir = path.join(root, '.tmp', `build-test-${process.pid}`, 'functions');
let built: { functions: string[]; ms: number };

beforeAll(async () => {
  built = await buildFunctions({ outDir, writeRc: false, quiet: true });
}, 60_000);

afterAll(() => {
  rmSync(path.dirname(outDir), { recursive: true, force: true });
});

describe('build-functions', () => {
  it('builds every cloudfunctions/<fn>/index.ts except core, quickly', () => {
    expect(built.functions).toEqual(listFunctions());
    expect(built.functions).toContain('member');
    expect(built.functions).not.toContain('core');
    // measured ~0.1–0.5 s here; generous bound for a loaded 2-core machine
    expect(built.ms).toBeLessThan(5000);
  });

  it('writes index.js, package.json and config.json per function', () => {
    for (const fn of built.functions) {
      const dir = path.join(outDir, fn);
      expect(existsSync(path.join(dir, 'index.js'))).toBe(true);
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
      expect(pkg).toMatchObject({ name: fn, main: 'index.js' });
      expect(Object.keys(pkg.dependencies)).toContain('@cloudbase/node-sdk');
      const cfg = JSON.parse(readFileSync(path.join(dir, 'config.json'), 'utf8'));
      expect(Number.isInteger(cfg.timeout)).toBe(true);
      expect(Array.isArray(cfg.triggers)).toBe(true);
      for (const t of cfg.triggers) {
        expect(t).toMatchObject({ name: expect.any(String), type: 'timer' });
        expect(t.config.split(/\s+/)).toHaveLength(7);
      }
    }
  });

  it('carries permissions.openapi into dist config.json, and every function declares the open APIs its bundle calls', () => {
    // an open API name in the bundle: an apiName literal ('subscribeMessage.send', node-sdk callWxOpenApi)
    // or a wx-server-sdk call (openapi(...).subscribeMessage.send(...)); CloudBase answers -604101 for
    // any API the function's config.json does not declare
    const API =
      /['"`.](subscribeMessage|wxacode|security|urlscheme|urllink|customerServiceMessage|uniformMessage|updatableMessage)\.([A-Za-z]+)(?=['"`(])/g;
    const declaredBy: Record<string, string[]> = {};
    const usedBy: Record<string, string[]> = {};
    for (const fn of built.functions) {
      const cfg = JSON.parse(readFileSync(path.join(outDir, fn, 'config.json'), 'utf8'));
      expect(cfg.permissions).toEqual(readConfig(fn).permissions);
      const declared: string[] = cfg.permissions?.openapi ?? [];
      declaredBy[fn] = declared;
      const js = readFileSync(path.join(outDir, fn, 'index.js'), 'utf8');
      const used = [...new Set([...js.matchAll(API)].map((m) => `${m[1]}.${m[2]}`))];
      usedBy[fn] = used;
      for (const api of used) expect([fn, api, declared.includes(api)]).toEqual([fn, api, true]);
    }
    // the scan finds the calls it must (else it would pass vacuously)
    expect(usedBy.reminder).toContain('subscribeMessage.send');
    expect(usedBy.activity).toContain('wxacode.getUnlimited');
    expect(usedBy.project).toContain('subscribeMessage.send');
    expect(declaredBy.reminder).toContain('subscribeMessage.send');
    expect(declaredBy.activity).toContain('wxacode.getUnlimited');
    expect(declaredBy.project).toContain('subscribeMessage.send');
    // member sends the binding decision (template bindingDecided); attendance calls no open API
    expect(usedBy.member).toContain('subscribeMessage.send');
    expect(declaredBy.member).toEqual(['subscribeMessage.send']);
    expect(declaredBy.attendance).toEqual([]);
  });

  it('bundles our code, zod and dayjs, and leaves only the SDK external', () => {
    const js = readFileSync(path.join(outDir, 'member', 'index.js'), 'utf8');
    const requires = [...js.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]);
    const nonBuiltin = requires.filter(
      (r) => !r.startsWith('node:') && !require('node:module').builtinModules.includes(r),
    );
    expect([...new Set(nonBuiltin)]).toEqual(['@cloudbase/node-sdk']);
  });

  it('leaves exceljs to the dependency install and loads it only when an action needs it', () => {
    for (const fn of ['member', 'attendance']) {
      const js = readFileSync(path.join(outDir, fn, 'index.js'), 'utf8');
      expect(js).toContain('import("exceljs")');
      expect(js).not.toMatch(/require\(["']exceljs["']\)/);
      // without exceljs inside, a cold start parses ~200 KB instead of ~1.9 MB
      expect(js.length).toBeLessThan(400_000);
      const pkg = JSON.parse(readFileSync(path.join(outDir, fn, 'package.json'), 'utf8'));
      expect(pkg.dependencies.exceljs).toMatch(/^\d+\.\d+\.\d+$/);
    }
  });

  it('is CommonJS exporting main, and main answers a bad event with an envelope instead of throwing', async () => {
    const mod = require(path.join(outDir, 'member', 'index.js')) as {
      main: (e: unknown, c?: unknown) => Promise<unknown>;
    };
    expect(typeof mod.main).toBe('function');
    await expect(mod.main(undefined, {})).resolves.toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', details: { fields: [{ path: 'action' }] } },
    });
    await expect(mod.main({ action: 'dropDatabase' }, {})).resolves.toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', details: { fields: [{ path: 'action' }] } },
    });
    await expect(mod.main({ action: 'me', payload: { x: 1 } }, {})).resolves.toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', details: { fields: [{ path: 'payload.x' }] } },
    });
    // no caller in the platform context: refused before any database access
    await expect(mod.main({ action: 'me' }, {})).resolves.toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED' },
    });
  });

  it('keeps cloudbaserc.json in step with the functions and their config.json', () => {
    const fns = listFunctions();
    const expected = cloudbasercFor(fns, Object.fromEntries(fns.map((fn) => [fn, readConfig(fn)])));
    const actual = JSON.parse(readFileSync(path.join(root, 'cloudbaserc.json'), 'utf8'));
    expect(actual).toEqual(expected);
    expect(actual.envId).toBe('{{env.TCB_ENV_ID}}');
    for (const f of actual.functions)
      expect(f.envVariables.APP_ADMIN_OPENIDS).toBe('{{env.APP_ADMIN_OPENIDS}}');
  });
});

describe('config.json against the platform limits', () => {
  const base = { timeout: 10, triggers: [] };
  it('refuses a timeout the WeChat console would not take (1–60 s), naming the field', () => {
    expect(() => validateConfig('x', { ...base, timeout: 61 })).toThrow(/timeout.*1 to 60/);
    expect(() => validateConfig('x', { ...base, timeout: 900 })).toThrow(/timeout/);
    expect(() => validateConfig('x', { ...base, timeout: 0 })).toThrow(/timeout/);
    expect(validateConfig('x', { ...base, timeout: 60 }).timeout).toBe(60);
  });
  it('refuses an unknown runtime and a malformed open-API list', () => {
    expect(() => validateConfig('x', { ...base, runtime: 'Nodejs8.9' })).toThrow(/runtime/);
    expect(() => validateConfig('x', { ...base, permissions: { openapi: ['getUnlimited'] } })).toThrow(
      /permissions\.openapi/,
    );
  });
  it('every function passes', () => {
    for (const fn of listFunctions()) expect(() => readConfig(fn)).not.toThrow();
  });
});
