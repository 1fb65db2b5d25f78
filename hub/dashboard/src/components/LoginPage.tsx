import { useState } from 'preact/hooks';
import type { ApiError } from '../model/api.ts';
import { failureText, lang, t } from '../model/i18n.ts';
import { loginError, signIn } from '../model/session.ts';

export function LoginPage() {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  return (
    <div class="login">
      <form
        class="card login-card"
        onSubmit={(e) => {
          e.preventDefault();
          void signIn(username, password);
        }}
      >
        <div class="brand">
          <span class="brand-mark">驿</span>
          <div>
            <div class="brand-title">{t('app.title')}</div>
            <div class="brand-sub">{t('app.city')}</div>
          </div>
        </div>
        <h1>{t('login.title')}</h1>
        <label>
          {t('login.username')}
          <input
            name="username"
            autocomplete="username"
            value={username}
            onInput={(e) => setUsername(e.currentTarget.value)}
          />
        </label>
        <label>
          {t('login.password')}
          <input
            name="password"
            type="password"
            autocomplete="current-password"
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
        </label>
        {loginError.value && (
          <p class="error" role="alert">
            {loginFailureText(loginError.value)}
          </p>
        )}
        <button type="submit" class="primary">
          {t('login.submit')}
        </button>
        <button type="button" class="link" onClick={() => (lang.value = lang.value === 'zh' ? 'en' : 'zh')}>
          {t('lang.switch')}
        </button>
      </form>
    </div>
  );
}

/** A refused sign-in in the login page's words; the hub being away in the words every page uses. */
function loginFailureText(error: ApiError): string {
  // 401 is a wrong name or password; 400 an empty field, which is no better.
  if (error.kind === 'signed-out' || error.kind === 'refused') return t('login.failed');
  if (error.kind === 'throttled') return t('login.throttled');
  return failureText(error);
}
