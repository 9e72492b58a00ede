// The console's token: taken from the #token= link that `bin/hub token --console` prints, or typed in,
// and kept in this tab's session storage (closing the tab forgets it). The hub checks the token on
// every call; what this module reads from it (scopes, expiry) only shapes the page.

const KEY = 'eventhub.console.token';

/**
 * Takes a token from the address bar's fragment (#token=<jwt>, possibly beside a view name as in
 * #dlq&token=...), stores it, and removes it from the address bar and the history entry, so that it
 * is neither bookmarked nor shown. Returns the token, or null when the link had none.
 */
export function takeTokenFromLink() {
  const parts = location.hash.replace(/^#/, '').split('&').filter(Boolean);
  const tokenPart = parts.find(p => p.startsWith('token='));
  if (!tokenPart) return null;
  const token = decodeURIComponent(tokenPart.slice('token='.length)).trim();
  const rest = parts.filter(p => p !== tokenPart).join('&');
  history.replaceState(history.state, '', location.pathname + location.search + (rest ? '#' + rest : ''));
  if (token) setToken(token);
  return token || null;
}

export function currentToken() {
  return sessionStorage.getItem(KEY);
}

export function setToken(token) {
  sessionStorage.setItem(KEY, token.trim().replace(/^Bearer\s+/i, ''));
}

export function clearToken() {
  sessionStorage.removeItem(KEY);
}

/** The token's claims, decoded without checking the signature (that is the hub's job), or null. */
export function claims(token = currentToken()) {
  if (!token) return null;
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  try {
    const base64 = parts[1].replace(/-/g, '+').replace(/_/g, '/');
    const json = decodeURIComponent(Array.from(atob(base64), c => '%' + c.charCodeAt(0).toString(16).padStart(2, '0')).join(''));
    const value = JSON.parse(json);
    return value && typeof value === 'object' ? value : null;
  } catch {
    return null;
  }
}

/** The token's scopes as a list, or null when they cannot be read (then the console assumes nothing). */
export function scopes(token = currentToken()) {
  const c = claims(token);
  if (!c) return null;
  if (Array.isArray(c.scope)) return c.scope.map(String);
  if (typeof c.scope === 'string') return c.scope.split(/\s+/).filter(Boolean);
  return [];
}

/**
 * The category patterns the token may subscribe to: ["*"] when unknown (the hub decides). A per-key
 * grant (subscribe:workflow/job-*) counts as its category: the hub sends only the granted keys' events.
 */
export function subscribePatterns(token = currentToken()) {
  const list = scopes(token);
  if (list == null) return ['*'];
  return [...new Set(list.filter(s => s.startsWith('subscribe:'))
      .map(s => s.slice('subscribe:'.length).split('/')[0]))];
}

/**
 * Whether the token seems to allow subscribing to {@code category}; true when its scopes cannot be
 * read. Mirrors the hub's rule: a pattern is a name or a glob with *.
 */
export function maySubscribe(category, token = currentToken()) {
  if (scopes(token) == null) return true;
  return subscribePatterns(token).some(p => globMatches(p, category));
}

/** Whether the token seems to carry the admin scope; true when its scopes cannot be read. */
export function mayAdminister(token = currentToken()) {
  const list = scopes(token);
  return list == null || list.includes('admin');
}

/** The scopes' globs (docs/configuration.md): * is any run of characters, everything else stands for itself. */
export function globMatches(pattern, value) {
  const regex = new RegExp('^' + pattern.split('*').map(p => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$');
  return regex.test(value);
}
