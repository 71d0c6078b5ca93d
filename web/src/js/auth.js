// The optional user token: taken from ?token=... once, kept in localStorage, sent as a bearer token.

const TokenKey = 'relay.token';

function storage() {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/** Moves `?token=` from the address bar into localStorage (an empty value forgets it). */
export function captureTokenFromUrl() {
  const url = new URL(window.location.href);
  if (!url.searchParams.has('token')) return;
  const token = url.searchParams.get('token')?.trim() ?? '';
  if (token) storage()?.setItem(TokenKey, token);
  else storage()?.removeItem(TokenKey);
  url.searchParams.delete('token');
  // Keep the token out of the address bar, history and any bookmark.
  window.history.replaceState(window.history.state, '', `${url.pathname}${url.search}${url.hash}`);
}

export function getToken() {
  return storage()?.getItem(TokenKey) || null;
}

export function clearToken() {
  storage()?.removeItem(TokenKey);
}
