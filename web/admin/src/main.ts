import { byId, h } from '../../src/dom.ts';
import { loadSiteConfig } from '../../src/site-config.ts';
import { AdminApi, NotSignedIn } from './admin-api.ts';
import { dashboardView } from './dashboard.ts';
import { loginView } from './login-view.ts';
import { Session } from './session.ts';

const app = byId<HTMLElement>('app');
const logout = byId<HTMLButtonElement>('log-ud');

async function main(): Promise<void> {
  const config = await loadSiteConfig().catch(() => undefined);
  if (!config?.auth) {
    app.replaceChildren(
      h('p', { class: 'message error', role: 'alert' }, 'Siden kunne ikke indlæses. Prøv igen om lidt.'),
    );
    return;
  }
  const { auth } = config;
  const session = new Session();
  const api = new AdminApi(config, session);

  const showLogin = () => {
    logout.hidden = true;
    app.replaceChildren(
      loginView(auth, (token, expiresAt) => {
        session.start(token, expiresAt);
        void showDashboard();
      }),
    );
  };
  const onError = (error: unknown) => {
    if (error instanceof NotSignedIn) return showLogin();
    app.prepend(
      h('p', { class: 'message error', role: 'alert' }, 'Noget gik galt. Genindlæs siden, og prøv igen.'),
    );
    console.error(error);
  };
  const showDashboard = async () => {
    try {
      const view = await dashboardView(api, onError);
      logout.hidden = false;
      app.replaceChildren(view);
    } catch (error) {
      onError(error);
    }
  };
  logout.addEventListener('click', () => {
    session.end();
    showLogin();
  });

  if (session.token()) await showDashboard();
  else showLogin();
}

void main();
