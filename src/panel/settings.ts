/** Settings of the web panel the server hosts at `/`. */
import { string } from '../config/settings.js';

export const PANEL_SETTINGS = {
  PANEL_DIR: string('', 'Folder of the built web panel served at / (empty: panel/dist of this install)'),
};
