/**
 * The real-time gateway: WebSocket (/ws channel protocol, /ws/events), Server-Sent Events
 * (/stream/*), backpressure with gap frames and resume from the store, auth, limits, metrics.
 */

// Commonly used
export { Gateway, type GatewayOptions, type GatewayStatus, MAX_CLIENT_FRAME_BYTES } from './gateway.js';
export { GATEWAY_SETTINGS } from './settings.js';

// Protocol reference
export { CHANNEL_DESCRIPTIONS, EVENT_TYPE_CHANNEL, type EventChannelName } from './channels.js';
export { CLOSE_CODES } from './ws-client.js';

// Shared with other HTTP routes
export { Authenticator, type AuthSettings, type Principal } from '../http/auth.js';
