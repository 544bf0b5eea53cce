/**
 * The transaction type admits single-document operations only (`npm run typecheck` checks the
 * `@ts-expect-error` lines: if `where`, `count`, `aggregate` or a multi-document `add` ever compiled
 * on a transaction again, those lines would become errors). The local cloud refuses what the SDK lets
 * through at run time (emulator/db/contract.test.ts).
 */
import type { Transaction } from './sdk';

function misuse(tx: Transaction) {
  // @ts-expect-error where() is not available inside a transaction
  void tx.collection('members').where({ branchId: 'b1' });
  // @ts-expect-error count() would run outside the transaction
  void tx.collection('members').count();
  // @ts-expect-error aggregate() would run outside the transaction
  void tx.collection('members').aggregate();
  // @ts-expect-error add() takes one document, not a list
  void tx.collection('members').add([{ name: 'a' }, { name: 'b' }]);
}

function singleDocument(tx: Transaction) {
  void tx.collection('members').doc('m1').get();
  void tx.collection('members').doc('m1').update({ name: 'a' });
  void tx.collection('members').doc('m1').set({ name: 'a' });
  void tx.collection('members').doc('m1').remove();
  void tx.collection('members').add({ _id: 'm2', name: 'b' });
}

test('the transaction type is single-document (checked by tsc)', () => {
  expect(typeof misuse).toBe('function');
  expect(typeof singleDocument).toBe('function');
});
