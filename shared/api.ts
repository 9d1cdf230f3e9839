// The HTTP API and event-stream shapes, shared by the daemon and the dashboard.
// DESIGN.md's API table is a contract: fields may be added, never renamed or dropped.
// The shapes live in shared/api/, one module per part of the API; this barrel is what everyone imports.

export * from './diagnosis.js';
export * from './exports.js';
export * from './paths.js';
export * from './api/errors.js';
export * from './api/status.js';
export * from './api/profiles.js';
export * from './api/inventory.js';
export * from './api/tunnels.js';
export * from './api/connection.js';
export * from './api/events.js';
export * from './api/settings.js';
