/**
 * Who is signed in: a node operator (session token from `node-runner login`, `cxo_…`) or an
 * enterprise customer (API key). Kept in sessionStorage: gone when the tab closes.
 */
export interface Session {
  kind: 'operator' | 'customer';
  token: string;
}

const KEY = 'corex.session';

/** Operator session tokens are `cxo_` + 32 random bytes (docs/operator-api.md); anything else is taken as an API key. */
export function sessionFor(token: string): Session | null {
  const trimmed = token.trim();
  if (!trimmed || /\s/.test(trimmed)) return null;
  return { kind: trimmed.startsWith('cxo_') ? 'operator' : 'customer', token: trimmed };
}

export function loadSession(storage: Pick<Storage, 'getItem'>): Session | null {
  const raw = storage.getItem(KEY);
  if (!raw) return null;
  try {
    const parsed = JSON.parse(raw) as Partial<Session>;
    return typeof parsed.token === 'string' && (parsed.kind === 'operator' || parsed.kind === 'customer') ? { kind: parsed.kind, token: parsed.token } : null;
  } catch {
    return null;
  }
}

export function saveSession(storage: Pick<Storage, 'setItem'>, session: Session): void {
  storage.setItem(KEY, JSON.stringify(session));
}

export function clearSession(storage: Pick<Storage, 'removeItem'>): void {
  storage.removeItem(KEY);
}
