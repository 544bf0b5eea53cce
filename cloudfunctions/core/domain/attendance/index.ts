/** Attendance rules. Edges and decisions: ./README.md. Pure: no SDK, `now` passed in. */
export * from './decision';
export * from './model';
export * from './calendar';
export * from './requests';
export * from './review';
export * from './delegation';
export * from './roster';
export * from './frequency';
export * from './rates';
export * from './minutes';
export * from './manual-add';
export * from './summary';
