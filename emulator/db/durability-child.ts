/**
 * Child process for the durability test: a LocalDatabase on the given SQLite file behind the /admin test
 * server. Prints `READY <port>` once it listens; the test kills it with SIGKILL in the middle of a burst.
 */
import { LocalDatabase } from './index';
import { serveDatabase } from './testkit';

const file = process.argv[2];
const db = new LocalDatabase({
  file,
  collections: [
    { name: 'burst', indexes: [{ name: 'seq_1', keys: { seq: 1 }, unique: true }] },
    { name: 'tally' },
  ],
});
void serveDatabase(db).then((s) => process.stdout.write(`READY ${s.port}\n`));
