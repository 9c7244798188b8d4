import { clearSession, loadSession, saveSession, sessionFor } from './session';

function memoryStorage() {
  const items = new Map<string, string>();
  return {
    getItem: (k: string) => items.get(k) ?? null,
    setItem: (k: string, v: string) => void items.set(k, v),
    removeItem: (k: string) => void items.delete(k),
  };
}

describe('dashboard session', () => {
  it('given an operator session token, when signed in, then the session is an operator’s', () => {
    expect(sessionFor(' cxo_abc ')).toEqual({ kind: 'operator', token: 'cxo_abc' });
  });

  it('given an API key, when signed in, then the session is a customer’s', () => {
    expect(sessionFor('ck_123')).toEqual({ kind: 'customer', token: 'ck_123' });
  });

  it('given an empty or spaced token, when signed in, then there is no session', () => {
    expect(sessionFor('  ')).toBeNull();
    expect(sessionFor('a b')).toBeNull();
  });

  it('given a saved session, when loaded and cleared, then it comes back once and is gone after', () => {
    const storage = memoryStorage();
    saveSession(storage, { kind: 'customer', token: 'k' });
    expect(loadSession(storage)).toEqual({ kind: 'customer', token: 'k' });
    clearSession(storage);
    expect(loadSession(storage)).toBeNull();
  });

  it('given garbage in storage, when loaded, then there is no session', () => {
    const storage = memoryStorage();
    storage.setItem('corex.session', '{not json');
    expect(loadSession(storage)).toBeNull();
    storage.setItem('corex.session', JSON.stringify({ kind: 'admin', token: 'x' }));
    expect(loadSession(storage)).toBeNull();
  });
});
