/** Where the panel keeps its settings in the browser. */
export const API_KEY_STORAGE = 'levibot.apiKey';
