// fetch() wrapper for Relay's REST API: bearer token, JSON, RFC 7807 problem details, user-facing messages.
import { getToken } from './auth.js';
import { emit } from './bus.js';

/**
 * @typedef {object} ApiResult
 * @property {boolean} ok
 * @property {number} status 0 when the server did not answer
 * @property {any} data parsed JSON body (null when none)
 * @property {string} [message] user-facing text for a failure
 * @property {boolean} [notAvailable] 404 without a problem detail: the endpoint does not exist on this server
 * @property {boolean} [unauthorized] 401
 * @property {boolean} [networkError] no answer at all (the outcome of a POST is then unknown)
 */

/** @returns {Promise<ApiResult>} Never rejects except on abort. */
export async function api(method, path, { body, headers = {}, signal } = {}) {
  const requestHeaders = { Accept: 'application/json, application/problem+json', ...headers };
  const token = getToken();
  if (token) requestHeaders.Authorization = `Bearer ${token}`;
  if (body !== undefined) requestHeaders['Content-Type'] = 'application/json';

  let response;
  try {
    response = await fetch(path, {
      method,
      headers: requestHeaders,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
      cache: 'no-store',
      credentials: 'same-origin',
    });
  } catch (error) {
    if (error?.name === 'AbortError') throw error;
    return { ok: false, status: 0, data: null, networkError: true, message: 'Relay did not answer. Check the connection and try again.' };
  }

  let data = null;
  const text = await response.text().catch(() => '');
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (response.ok) return { ok: true, status: response.status, data };

  const problem = data && typeof data === 'object' && !Array.isArray(data) ? data : null;
  const detail = typeof problem?.detail === 'string' && problem.detail ? problem.detail : null;
  const title = typeof problem?.title === 'string' && problem.title ? problem.title : null;
  const result = { ok: false, status: response.status, data, problem };

  if (response.status === 401) {
    result.unauthorized = true;
    result.message = detail ?? 'Not authorised: this Relay server needs an access token.';
    emit('unauthorized', { source: path });
  } else if (response.status === 404 && !detail) {
    result.notAvailable = true;
    result.message = 'Not available on this server.';
  } else if (response.status === 403) {
    result.message = detail ?? 'Forbidden: this access token may not do that.';
  } else if (response.status === 429) {
    result.message = detail ?? 'Too many requests: wait a moment and try again.';
  } else {
    result.message = detail ?? title ?? `Relay answered HTTP ${response.status}.`;
  }
  return result;
}

/** A random UUID, also where crypto.randomUUID is missing (pages served over plain HTTP to another host). */
export function newUuid() {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
