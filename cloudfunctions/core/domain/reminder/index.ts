/** Reminder rules. Pure: no SDK, `now` passed in. Edges: ./README.md. */
export * from './templates';
export * from './fields';
export * from './due';
export * from './credits';
export * from './nudge';
