/**
 * The web panel's server side: hosts the built single-page app (panel/dist) at `/` next to the
 * API, with a fallback to index.html for the panel's own page URLs.
 */

export { DEFAULT_PANEL_DIR, registerPanel, type PanelOptions } from './serve.js';
export { PANEL_SETTINGS } from './settings.js';
