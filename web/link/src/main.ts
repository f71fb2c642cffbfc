import { byId } from '../../src/dom.ts';
import { loadSiteConfig, type SiteConfig } from '../../src/site-config.ts';
import { showCase } from './case-view.ts';
import { fetchLink, tokenFromHash } from './link-api.ts';
import { LinkPage, showInvalidLink, showMessage } from './page.ts';
import { showVisitBooking } from './visit-view.ts';

/**
 * The page the course's mails link to (`/link/#<token>`): a library books its visit, a participant
 * writes the trial action. Which of the two the token opens, the API says.
 */
const app = byId<HTMLElement>('app');

async function main(): Promise<void> {
  let config: SiteConfig;
  try {
    config = await loadSiteConfig();
  } catch {
    return showMessage(app, 'Siden kunne ikke indlæses', 'Prøv at genindlæse siden om lidt.');
  }
  const token = tokenFromHash(location.hash);
  if (!token) return showInvalidLink(app);
  const loaded = await fetchLink(config, token);
  if (!loaded.ok) {
    if (loaded.error.status === 404) return showInvalidLink(app);
    return showMessage(app, 'Siden kunne ikke hentes', loaded.error.message);
  }
  const page = new LinkPage(config, token, app);
  const { view } = loaded;
  if (view.kind === 'library') {
    document.title = `Book besøg: ${view.course.title}`;
    showVisitBooking(page, view);
  } else {
    document.title = `Din prøvehandling: ${view.course.title}`;
    showCase(page, view);
  }
}

// A link pasted into the address bar of an open page changes only the fragment: load what it opens.
window.addEventListener('hashchange', () => void main());
void main();
