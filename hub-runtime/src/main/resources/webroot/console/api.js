// Calls to the hub's HTTP API, each with the console's token. Paths are relative ("api/events"), so
// the console also works behind a proxy that serves the hub under a path prefix.

import {currentToken} from './auth.js';

/** A refused or failed call: the protocol's {"error","message"} with the HTTP status (0: no answer). */
export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }

  get unauthorized() { return this.status === 401; }
  get forbidden() { return this.status === 403; }
  get notFound() { return this.status === 404; }
  get unreachable() { return this.status === 0; }
}

let unauthorizedListener = () => {};

/** Called with the ApiError whenever the hub answers 401: the token is missing, wrong or expired. */
export function onUnauthorized(listener) {
  unauthorizedListener = listener;
}

/**
 * Calls the hub. Resolves with the parsed JSON answer; rejects with an ApiError.
 *
 * @param path relative path with query, e.g. "api/dlq/entries?state=parked"
 * @param options method (default GET), body (sent as JSON), token (default: the console's),
 *     quiet (do not report a 401 to the unauthorized listener)
 */
export async function api(path, {method = 'GET', body, token = currentToken(), quiet = false} = {}) {
  const headers = {Accept: 'application/json'};
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(path, {
      method, headers, cache: 'no-store',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw new ApiError(0, 'unreachable', 'The hub cannot be reached.');
  }
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!response.ok) {
    const error = new ApiError(response.status, json?.error ?? `http_${response.status}`,
        json?.message ?? (response.statusText || `HTTP ${response.status}`));
    if (error.unauthorized && !quiet) unauthorizedListener(error);
    throw error;
  }
  return json;
}

/** Encodes one path segment. */
export const seg = encodeURIComponent;
