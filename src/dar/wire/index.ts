// Every DAR wire object, one zod schema each (api-dar-fields.md).

export * from './common.js';
export * from './access.js';
export * from './identity.js';
export * from './feeds.js';
export * from './webhooks.js';
export * from './portal.js';
