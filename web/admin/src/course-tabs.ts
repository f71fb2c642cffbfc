import { h } from '../../src/dom.ts';
import { ApiRefusal } from './admin-api.ts';

export interface CourseTab {
  /** Names the tab's and panel's ids: `fane-<id>`, `del-<id>`. */
  id: string;
  label: string;
  /** What the panel always holds (the registrations, which keep their filters while away). */
  content?: HTMLElement;
  /** Builds the panel for the selected course; called each time the tab is opened, so it is fresh. */
  load?: () => Promise<HTMLElement>;
}

/**
 * The parts of the selected course as tabs (the WAI-ARIA tabs pattern): arrow keys, Home and End move
 * between the tabs, Enter or Space opens one. A tab with `load` fetches its view when opened.
 */
export function courseTabs(
  tabs: readonly CourseTab[],
  onError: (error: unknown) => void,
): { element: HTMLElement; reload: () => void } {
  let active = 0;
  let generation = 0;
  const buttons = tabs.map((tab, i) =>
    h(
      'button',
      {
        type: 'button',
        role: 'tab',
        id: `fane-${tab.id}`,
        'aria-controls': `del-${tab.id}`,
        'aria-selected': i === active ? 'true' : 'false',
        tabindex: i === active ? '0' : '-1',
      },
      tab.label,
    ),
  );
  const panels = tabs.map((tab, i) =>
    h(
      'section',
      {
        role: 'tabpanel',
        id: `del-${tab.id}`,
        'aria-labelledby': i === active ? `fane-${tab.id}` : undefined,
        class: 'tab-panel',
        hidden: i !== active,
      },
      tab.content,
    ),
  );

  async function load(i: number) {
    const tab = tabs[i];
    const panel = panels[i];
    if (!tab?.load || !panel) return;
    const mine = ++generation;
    panel.replaceChildren(h('p', { class: 'loading', role: 'status' }, 'Indlæser …'));
    try {
      const view = await tab.load();
      // Another tab (or course) was chosen while this one was on its way: its answer wins.
      if (mine === generation) panel.replaceChildren(view);
    } catch (error) {
      if (mine !== generation) return;
      if (error instanceof ApiRefusal) {
        panel.replaceChildren(h('p', { class: 'message error', role: 'alert' }, error.message));
      } else {
        panel.replaceChildren();
        onError(error);
      }
    }
  }

  function open(i: number) {
    if (i === active) return;
    active = i;
    buttons.forEach((button, j) => {
      button.setAttribute('aria-selected', j === i ? 'true' : 'false');
      button.tabIndex = j === i ? 0 : -1;
    });
    panels.forEach((panel, j) => {
      panel.hidden = j !== i;
      // Named by its tab while shown; a hidden panel has no name to be found by (the tab still names it).
      if (j === i) panel.setAttribute('aria-labelledby', `fane-${tabs[j]?.id}`);
      else panel.removeAttribute('aria-labelledby');
      // A view left behind is fetched anew when it is opened again: no stale copy stays in the page.
      if (j !== i && tabs[j]?.load) panel.replaceChildren();
    });
    void load(i);
  }

  buttons.forEach((button, i) => {
    button.addEventListener('click', () => open(i));
  });
  const list = h('div', { role: 'tablist', 'aria-label': 'Kursets dele', class: 'tabs' }, buttons);
  list.addEventListener('keydown', (event) => {
    const current = buttons.indexOf(document.activeElement as HTMLButtonElement);
    if (current < 0) return;
    const last = buttons.length - 1;
    const next =
      event.key === 'ArrowRight'
        ? (current + 1) % buttons.length
        : event.key === 'ArrowLeft'
          ? (current + last) % buttons.length
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? last
              : undefined;
    if (next === undefined) return;
    event.preventDefault();
    buttons.forEach((button, j) => {
      button.tabIndex = j === next ? 0 : -1;
    });
    buttons[next]?.focus();
  });

  return {
    element: h('div', { class: 'course-tabs' }, list, panels),
    /** The course changed: the open view is fetched for it. */
    reload: () => void load(active),
  };
}
