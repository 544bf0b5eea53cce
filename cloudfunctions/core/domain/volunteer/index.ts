export * from './hours';
export * from './signup';
export * from './ledger';
export * from './certificate';
export * from './report';
export * from './totals';
