import { h } from '../../src/dom.ts';
import { login, respondToMfa } from '../cognito-login.ts';

export interface LoginSettings {
  endpoint: string;
  clientId: string;
}

/**
 * The sign-in form. It speaks Cognito's own InitiateAuth protocol, to Cognito in AWS and to the local
 * issuer under `npm start`; a TOTP code is asked for when the account has MFA.
 */
export function loginView(
  settings: LoginSettings,
  onSignedIn: (token: string, expiresAt: number) => void,
): HTMLElement {
  const message = h('p', { class: 'message error', role: 'alert', hidden: true });
  const username = h('input', {
    id: 'brugernavn',
    name: 'username',
    autocomplete: 'username',
    required: true,
  });
  const password = h('input', {
    id: 'adgangskode',
    name: 'password',
    type: 'password',
    autocomplete: 'current-password',
    required: true,
  });
  const code = h('input', {
    id: 'engangskode',
    name: 'code',
    inputmode: 'numeric',
    autocomplete: 'one-time-code',
  });
  const codeField = h(
    'div',
    { class: 'field', hidden: true },
    h('label', { for: 'engangskode' }, 'Engangskode fra din app'),
    code,
  );
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Log ind');
  let mfaSession: string | undefined;

  const form = h(
    'form',
    { class: 'login', 'aria-labelledby': 'login-titel' },
    h('h1', { id: 'login-titel' }, 'Log ind som koordinator'),
    message,
    h('div', { class: 'field' }, h('label', { for: 'brugernavn' }, 'Brugernavn'), username),
    h('div', { class: 'field' }, h('label', { for: 'adgangskode' }, 'Adgangskode'), password),
    codeField,
    submit,
  );
  const fail = (text: string) => {
    message.textContent = text;
    message.hidden = false;
  };
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    message.hidden = true;
    submit.setAttribute('aria-disabled', 'true');
    try {
      const result = mfaSession
        ? await respondToMfa(
            settings.endpoint,
            settings.clientId,
            mfaSession,
            username.value.trim(),
            code.value.trim(),
          )
        : await login(settings.endpoint, settings.clientId, username.value.trim(), password.value);
      if (result.kind === 'signed-in') return onSignedIn(result.accessToken, result.expiresAt);
      if (result.kind === 'challenge' && result.challenge === 'SOFTWARE_TOKEN_MFA') {
        mfaSession = result.session;
        codeField.hidden = false;
        code.focus();
        return;
      }
      if (result.kind === 'challenge')
        return fail('Kontoen skal gøres færdig (fx ny adgangskode) før første login.');
      if (result.kind === 'wrong-credentials') return fail('Forkert brugernavn, adgangskode eller kode.');
      fail('Login kunne ikke gennemføres. Prøv igen om lidt.');
    } finally {
      submit.removeAttribute('aria-disabled');
    }
  });
  queueMicrotask(() => username.focus());
  return form;
}
