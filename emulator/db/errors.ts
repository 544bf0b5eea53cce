/**
 * Error codes the CloudBase database service answers with. The SDKs only look at `code` (wx-server-sdk maps
 * the known ones to numeric `errCode`s, e.g. DATABASE_COLLECTION_NOT_EXIST → -502005); `message` follows the
 * "[Category] text" shape of the real service so that logs read the same locally and in production.
 */
export type DbErrorCode =
  | 'INVALID_PARAM'
  | 'INVALID_ACTION'
  | 'DATABASE_REQUEST_FAILED'
  | 'DATABASE_INVALID_OPERRATOR' // sic: the real code is spelled with two Rs
  | 'DATABASE_COLLECTION_NOT_EXIST'
  | 'DATABASE_COLLECTION_ALREADY_EXIST'
  | 'DATABASE_DUPLICATE_WRITE'
  | 'DATABASE_TRANSACTION_CONFLICT'
  | 'DATABASE_TRANSACTION_FAIL'
  | 'DATABASE_INDEX_NOT_SERVED';

export class DbError extends Error {
  constructor(
    readonly code: DbErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DbError';
  }
}

export const errors = {
  collectionNotExist: (name: string) =>
    new DbError(
      'DATABASE_COLLECTION_NOT_EXIST',
      `[ResourceNotFound] Db or Table not exist. Please check your request, but if the problem cannot be solved, contact us. (collection: ${name})`,
    ),
  collectionExists: (name: string) =>
    new DbError('DATABASE_COLLECTION_ALREADY_EXIST', `[ResourceInUse] Table exist. (collection: ${name})`),
  duplicate: (collection: string, index: string, dupKey: string) =>
    new DbError(
      'DATABASE_DUPLICATE_WRITE',
      `[FailedOperation] E11000 duplicate key error collection: ${collection} index: ${index} dup key: ${dupKey}`,
    ),
  badQuery: (detail: string) =>
    new DbError('DATABASE_INVALID_OPERRATOR', `[InvalidParameter] invalid query: ${detail}`),
  invalidParam: (detail: string) => new DbError('INVALID_PARAM', `[InvalidParameter] ${detail}`),
  conflict: () =>
    new DbError(
      'DATABASE_TRANSACTION_CONFLICT',
      '[ResourceUnavailable.TransactionConflict] Transaction is conflict, maybe resource operated by others. Please check your request, but if the problem persists, contact us.',
    ),
  txNotExist: (id: string, why?: string) =>
    new DbError(
      'DATABASE_TRANSACTION_FAIL',
      `[ResourceUnavailable.TransactionNotExist] Transaction does not exist. (transactionId: ${id}${why ? `, ${why}` : ''})`,
    ),
  notInTransaction: (what: string) =>
    new DbError(
      'INVALID_PARAM',
      `[InvalidParameter] ${what} is not supported in a transaction: only single-document operations are (doc(id).get/set/update/remove, add of one document)`,
    ),
  unordered: (collection: string, order: string) =>
    new DbError(
      'DATABASE_INDEX_NOT_SERVED',
      `[strict-indexes] a read of "${collection}" skips documents without a total order (orderBy ${order}): pages may repeat or miss documents. Order by '_id' last (or by the fields of a unique index).`,
    ),
  notServed: (collection: string, query: string) =>
    new DbError(
      'DATABASE_INDEX_NOT_SERVED',
      `[strict-indexes] query on collection "${collection}" is not served by a declared index: ${query}. Declare an index in cloudfunctions/collections.json whose first key appears in the query as an equality, $in or range condition.`,
    ),
};
