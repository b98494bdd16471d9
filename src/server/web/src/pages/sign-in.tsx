/** Sign in with an API key (created by an admin: `autolearn admin users create NAME`). */
import { useState } from 'preact/hooks';
import { apiKey, call } from '../api.js';
import { ErrorBox, useAsync } from '../ui.js';

interface Me {
  readonly id: string;
  readonly name: string;
  readonly role: string;
}

const me = () => call<Me>('GET', '/me');

export function SignInPage() {
  const [key, setKey] = useState('');
  const [error, setError] = useState<Error | null>(null);
  const current = useAsync(() => (apiKey.get() ? me() : Promise.resolve(null)), []);
  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    const before = apiKey.get();
    apiKey.set(key.trim());
    try {
      await me();
      location.hash = '#/sessions';
    } catch (err) {
      if (before) apiKey.set(before);
      else apiKey.clear();
      setError(err as Error);
    }
  };
  const who = current.data;
  return (
    <section>
      <h1>Account</h1>
      {who ? (
        <p>
          You are {who.name} ({who.role}).{' '}
          <button
            type="button"
            onClick={() => {
              apiKey.clear();
              current.reload();
            }}
          >
            Sign out
          </button>
        </p>
      ) : (
        <p>Sign in with the API key an administrator created for you.</p>
      )}
      <form onSubmit={submit}>
        <div class="field">
          <label for="f-api-key">API key</label>
          <input
            id="f-api-key"
            name="api-key"
            type="password"
            autocomplete="current-password"
            value={key}
            onInput={(e) => setKey(e.currentTarget.value)}
          />
        </div>
        <button type="submit">Sign in</button>
      </form>
      <ErrorBox error={error} />
    </section>
  );
}
