import { h } from '../../src/dom.ts';
import { type LoginResult, login, respondToMfa, respondWithNewPassword } from '../cognito-login.ts';

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
  const newPassword = h('input', { id: 'ny-adgangskode', type: 'password', autocomplete: 'new-password' });
  const newPasswordField = h(
    'div',
    { class: 'field', hidden: true },
    h('label', { for: 'ny-adgangskode' }, 'Vælg en ny adgangskode'),
    h('p', { class: 'hint' }, 'Mindst 12 tegn med store og små bogstaver, tal og tegn.'),
    newPassword,
  );
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Log ind');
  // Cognito's next step, if it asked for one: an MFA code, or a new password at first login.
  let pending: { challenge: string; session: string } | undefined;

  const form = h(
    'form',
    { class: 'login', 'aria-labelledby': 'login-titel' },
    h('h1', { id: 'login-titel' }, 'Log ind som koordinator'),
    message,
    h('div', { class: 'field' }, h('label', { for: 'brugernavn' }, 'Brugernavn'), username),
    h('div', { class: 'field' }, h('label', { for: 'adgangskode' }, 'Adgangskode'), password),
    codeField,
    newPasswordField,
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
      const user = username.value.trim();
      let result: LoginResult;
      if (pending?.challenge === 'SOFTWARE_TOKEN_MFA') {
        result = await respondToMfa(
          settings.endpoint,
          settings.clientId,
          pending.session,
          user,
          code.value.trim(),
        );
      } else if (pending?.challenge === 'NEW_PASSWORD_REQUIRED') {
        result = await respondWithNewPassword(
          settings.endpoint,
          settings.clientId,
          pending.session,
          user,
          newPassword.value,
        );
      } else {
        result = await login(settings.endpoint, settings.clientId, user, password.value);
      }
      if (result.kind === 'signed-in') return onSignedIn(result.accessToken, result.expiresAt);
      if (
        result.kind === 'challenge' &&
        ['SOFTWARE_TOKEN_MFA', 'NEW_PASSWORD_REQUIRED'].includes(result.challenge)
      ) {
        pending = result;
        const mfa = result.challenge === 'SOFTWARE_TOKEN_MFA';
        codeField.hidden = !mfa;
        newPasswordField.hidden = mfa;
        (mfa ? code : newPassword).focus();
        return;
      }
      if (result.kind === 'challenge')
        return fail('Kontoen kræver et trin, siden ikke kan klare. Kontakt administratoren.');
      if (result.kind === 'wrong-credentials') return fail('Forkert brugernavn, adgangskode eller kode.');
      fail('Login kunne ikke gennemføres. Prøv igen om lidt.');
    } finally {
      submit.removeAttribute('aria-disabled');
    }
  });
  queueMicrotask(() => username.focus());
  return form;
}
