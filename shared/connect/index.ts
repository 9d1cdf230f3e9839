// Pure connection-string builders, shared by the daemon and the dashboard (no Node APIs here).
export * from './connection-strings.js';
export * from '../engines.js';
export * from './shell-quote.js';
export * from './uri-encode.js';
export * from './iam.js';
export * from './postgres.js';
export * from './jdbc.js';
export * from './mysql.js';
export * from './dbeaver.js';
export * from './direct-strings.js';
