/**
 * `npm run bench [name…]`: runs the benchmarks in bench/ one after another and prints their
 * results and goals. Record results in bench/README.md with the date and machine.
 */
import { machine, type BenchResult } from './lib';

const benches: Record<string, (args: string[]) => Promise<BenchResult>> = {
  emulator: async () => (await import('./emulator')).default(),
  'checkin-burst': async () => (await import('./checkin-burst')).default(),
  'reminder-dispatch': async (args) => (await import('./reminder-dispatch')).default(args),
  project: async () => (await import('./project')).default(),
  volunteer: async () => (await import('./volunteer')).default(),
  'xlsx-bomb': async () => (await import('./xlsx-bomb')).default(),
  'round-trips': async () => (await import('./round-trips')).default(),
  // `npm run bench -- scale 100`: the sizes are 100/100, 100/10 and 100 branches (default 1,000)
  scale: async (args) => (await import('./scale')).default(args),
};

async function main() {
  const argv = process.argv.slice(2);
  // names pick benchmarks; anything else (a number) is passed to them as an argument
  const pick = argv.filter((a) => a in benches);
  const args = argv.filter((a) => !(a in benches));
  console.log(`bench ${new Date().toISOString()} on ${machine()}`);
  let missed = 0;
  for (const [name, run] of Object.entries(benches)) {
    if (pick.length && !pick.includes(name)) continue;
    console.log(`\n## ${name}`);
    let r: BenchResult;
    try {
      r = await run(args);
    } catch (e) {
      if ((e as { code?: string }).code === 'ERR_MODULE_NOT_FOUND' || /Cannot find module/.test(String(e))) {
        console.log(`(not available: ${String((e as Error).message).split('\n')[0]})`);
        continue;
      }
      throw e;
    }
    for (const l of r.lines) console.log(l);
    for (const g of r.goals) {
      console.log(`goal ${g.ok ? 'met   ' : 'MISSED'} ${g.name}: ${g.value}`);
      if (!g.ok) missed++;
    }
  }
  if (missed) console.log(`\n${missed} goal(s) missed`);
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
