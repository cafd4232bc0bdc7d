// server-status shows each slot's request line to anyone who can connect, so the fault token
// must not be in it. The handlers read ?token= with URLSearchParams, which decodes the name
// (%74oken is token) and splits only on '&'; so each '&' part whose name decodes to "token",
// in any case and however it is encoded, has its value masked, every time it occurs.
const MASK = '*';

function isTokenName(rawName: string): boolean {
  const [name] = new URLSearchParams(`${rawName}=`).keys();
  return name?.toLowerCase() === 'token';
}

/** The query (after '?') with every token parameter's value masked. */
export function maskTokenInQuery(query: string): string {
  // Only %-escapes can spell "token" in another way: most queries are returned at once.
  if (query.indexOf('%') === -1 && !/token/i.test(query)) return query;
  const parts = query.split('&');
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    const eq = part.indexOf('=');
    const rawName = eq === -1 ? part : part.slice(0, eq);
    if (eq !== -1 && isTokenName(rawName)) parts[i] = `${rawName}=${MASK}`;
  }
  return parts.join('&');
}

/** `target` (origin form, as the handlers read it) with the token masked. */
export function maskTokenInTarget(target: string): string {
  const q = target.indexOf('?');
  return q === -1 ? target : target.slice(0, q + 1) + maskTokenInQuery(target.slice(q + 1));
}
