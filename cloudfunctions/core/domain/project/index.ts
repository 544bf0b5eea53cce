export * from './claim-machine';
export * from './rules';
