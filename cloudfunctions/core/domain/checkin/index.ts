// Check-in domain rules. see docs/checkin.md
export * from './policy';
export * from './evaluate';
export * from './site-activity';
export * from './checkout';
export * from './refusal';
export * from './my-status';
export * from './member-view';
