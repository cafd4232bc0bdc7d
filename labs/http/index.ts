// The HTTP/1.x layer: one entry point for the models.
export { serveConnection } from './serve-connection.ts';
export { AbortConnection } from './types.ts';
export type { ClosedBy, ConnectionHooks, ConnectionOptions, ConnectionSummary, ConnState, LabRequest, LabResponse } from './types.ts';
export { toWire, fromWire } from './wire.ts';
export type { WireRequest } from './wire.ts';
export { errorPage, errorResponse } from './error-page.ts';
export { escapeHtml } from './escape-html.ts';
export { SERVER_HEADER } from './response-head.ts';
