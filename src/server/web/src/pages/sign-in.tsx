/** Sign in with an API key (created by an admin: `autolearn admin users create NAME`). */
import { useState } from 'preact/hooks';
import { apiKey, call } from '../api.js';
import { ErrorBox } from '../ui.js';

export function SignInPage() {
  const [key, setKey] = useState('');
  const [error, setError] = useState<Error | null>(null);
  const [who, setWho] = useState<string | null>(apiKey.get() ? 'signed in' : null);
  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    const before = apiKey.get();
    apiKey.set(key.trim());
    try {
      const me: { name?: string; role?: string } = await call<{ name?: string; role?: string }>(
        'GET',
        '/me',
      ).catch(async (err: unknown) => {
        // servers without a /me route: any authenticated read proves the key
        if ((err as { status?: number }).status !== 404) throw err;
        await call('GET', '/sessions');
        return {};
      });
      setWho(me.name ? `${me.name} (${me.role ?? 'user'})` : 'signed in');
      location.hash = '#/sessions';
    } catch (err) {
      if (before) apiKey.set(before);
      else apiKey.clear();
      setError(err as Error);
    }
  };
  return (
    <section>
      <h1>Account</h1>
      {who ? (
        <p>
          You are {who}.{' '}
          <button
            type="button"
            onClick={() => {
              apiKey.clear();
              setWho(null);
            }}
          >
            Sign out
          </button>
        </p>
      ) : null}
      <form onSubmit={submit}>
        <label>
          API key
          <input
            name="api-key"
            type="password"
            autocomplete="current-password"
            value={key}
            onInput={(e) => setKey(e.currentTarget.value)}
          />
        </label>
        <button type="submit">Sign in</button>
      </form>
      <ErrorBox error={error} />
    </section>
  );
}
