// The customer portal page (issue 20): its HTML, script, style sheet and wording. Served by
// src/server/portal/routes.ts; it talks to the register only through the DAR API.

export { PORTAL_CSP, PORTAL_ICON, PORTAL_PATHS, portalPageHtml } from './page.js';
export { portalScript } from './script.js';
export { PORTAL_CSS } from './style.js';
export { DATA_TYPES, LEGAL_BASIS, STATES, STATE_ORDER, WORDING } from './wording.js';
