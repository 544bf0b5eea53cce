/**
 * `npm run emulator -- [--port 8787] [--data .localcloud] [--seed] [--strict-indexes] [--no-timers]
 *                      [--functions dist/functions] [--h5 dist/h5] [--quiet]`
 * Passes every APP_* variable of its environment to the functions. Prints
 * `local cloud ready: http://127.0.0.1:<port>` once every endpoint answers; stops cleanly on SIGINT/SIGTERM.
 */
import { startLocalCloud, type LocalCloudOptions } from './index';

export function parseArgs(argv: string[]): LocalCloudOptions {
  const o: LocalCloudOptions = { port: 8787, dataDir: '.localcloud' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] = a.includes('=')
      ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]
      : [a, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || v.startsWith('--')) throw new Error(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--port': {
        const n = Number(value());
        if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error('--port must be 0-65535');
        o.port = n;
        break;
      }
      case '--data':
        o.dataDir = value();
        break;
      case '--functions':
        o.functionsDir = value();
        break;
      case '--collections':
        o.collectionsFile = value();
        break;
      case '--h5':
        o.h5Dir = value();
        break;
      case '--seed':
        o.seed = true;
        break;
      case '--strict-indexes':
        o.strictIndexes = true;
        break;
      case '--no-timers':
        o.timers = false;
        break;
      case '--quiet':
        o.quiet = true;
        break;
      case '--help':
      case '-h':
        process.stdout.write(
          'usage: npm run emulator -- [--port 8787] [--data .localcloud] [--seed] [--strict-indexes] [--no-timers] [--functions dist/functions] [--h5 dist/h5] [--quiet]\n',
        );
        process.exit(0);
        break;
      default:
        throw new Error(`unknown option ${a}`);
    }
  }
  return o;
}

export function appEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (k.startsWith('APP_') && v !== undefined) out[k] = v;
  return out;
}

async function main(): Promise<void> {
  let opts: LocalCloudOptions;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`emulator: ${(e as Error).message}\n`);
    process.exit(2);
  }
  opts.env = appEnv(process.env);
  const cloud = await startLocalCloud(opts);
  let stopping = false;
  const shutdown = (sig: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`local cloud stopping (${sig})\n`);
    cloud.stop().then(
      () => process.exit(0),
      (e: unknown) => {
        process.stderr.write(`emulator: shutdown failed: ${String(e)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.stdout.write(`local cloud ready: ${cloud.url}\n`);
}

if (require.main === module) {
  main().catch((e: unknown) => {
    process.stderr.write(`emulator: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  });
}
