import { h } from '../../src/dom.ts';
import type { SiteConfig } from '../../src/site-config.ts';

type Child = Node | string | null | undefined | false;

/** The page a link opens: where the API is, the link's token, and the page's one content area. */
export class LinkPage {
  constructor(
    readonly config: SiteConfig,
    readonly token: string,
    private readonly app: HTMLElement,
  ) {}

  render(...children: (Child | Child[])[]): void {
    this.app.replaceChildren(...children.flat().filter((c): c is Node | string => Boolean(c)));
    window.scrollTo(0, 0);
  }

  /** The API knows no such link (or no longer): said without the token, with whom to ask for a new one. */
  showInvalidLink(): void {
    showInvalidLink(this.app);
  }
}

export function showInvalidLink(app: HTMLElement): void {
  document.title = 'Linket virker ikke – Centralbibliotek / Herning Bibliotekerne';
  app.replaceChildren(
    h(
      'div',
      { class: 'notice closed', role: 'alert' },
      h('h1', {}, 'Linket virker ikke'),
      h(
        'p',
        {},
        'Linket er ikke gyldigt. Måske er det ikke kommet helt med, da det blev kopieret fra mailen, ' +
          'eller også er det blevet erstattet af et nyt.',
      ),
      h(
        'p',
        {},
        'Brug linket i den seneste mail om kurset, eller kontakt kursets koordinator hos ' +
          'Centralbibliotek / Herning Bibliotekerne – fx ved at svare på mailen med linket – så får du et nyt.',
      ),
    ),
  );
}

export function showMessage(app: HTMLElement, title: string, text: string): void {
  app.replaceChildren(
    h('div', { class: 'notice closed', role: 'alert' }, h('h1', {}, title), h('p', {}, text)),
  );
}
