import { h } from '../../src/dom.ts';
import { bookVisit, fetchLink, type LibraryLink, type LinkSlot } from './link-api.ts';
import { capitalise, dayText, rangeText, slotText, timeSpanText } from './link-text.ts';
import type { LinkPage } from './page.ts';
import { clearProblems, showRefusal } from './problems.ts';

/** What the page says above the slots after an answer: the booking made, or why it was refused. */
type Notice = { kind: 'booked' } | { kind: 'refused'; message: string };

/**
 * "Book besøg": the library picks one of the round's slots, or moves its booking to another. Slots that
 * are taken or have begun are shown, disabled, so the library sees the whole round.
 */
export function showVisitBooking(page: LinkPage, view: LibraryLink, notice?: Notice): void {
  const booking = view.booking;
  const summary = h('div', { class: 'error-summary', id: 'fejl', tabindex: '-1', hidden: true });
  const confirmation =
    notice?.kind === 'booked' && booking
      ? h(
          'div',
          { class: 'notice booked', id: 'bekraeftelse', role: 'status', tabindex: '-1' },
          h('h2', {}, 'Tak for bookingen'),
          h(
            'p',
            {},
            `Besøget er booket: ${slotText(booking)}. En kalenderinvitation er sendt til deltagerne og lederen.`,
          ),
        )
      : null;
  const current =
    booking && !confirmation
      ? h('p', { class: 'current-booking' }, h('strong', {}, 'Jeres besøg: '), `${slotText(booking)}.`)
      : null;

  const slots = [...view.slots].sort((a, b) => `${a.date}${a.start}`.localeCompare(`${b.date}${b.start}`));
  const bookable = slots.some((slot) => slot.available);
  const submit = h(
    'button',
    { type: 'submit', class: 'primary', id: 'book' },
    booking ? 'Flyt besøget' : 'Book tiden',
  );
  const status = h('p', { class: 'submit-status', role: 'status', 'aria-live': 'polite' });

  const form = h(
    'form',
    { id: 'besoeg', novalidate: true, 'aria-labelledby': 'tider-titel' },
    h('h2', { id: 'tider-titel' }, booking ? 'Flyt besøget til en anden tid' : 'Vælg en tid'),
    summary,
    h(
      'fieldset',
      { class: 'slots' },
      h('legend', { class: 'visually-hidden' }, 'Besøgstider'),
      byDay(slots).map(([date, daySlots]) =>
        h(
          'fieldset',
          { class: 'day' },
          h('legend', {}, capitalise(dayText(date))),
          h('ul', { class: 'slot-list' }, daySlots.map(slotChoice)),
        ),
      ),
    ),
    h('div', { class: 'actions' }, submit, status),
  );

  let sending = false;
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (sending) return;
    const chosen = form.querySelector<HTMLInputElement>('input[name="slotId"]:checked');
    if (!chosen) return showRefusal(summary, 'Vælg en af de ledige tider.', true);
    if (chosen.value === booking?.slotId) {
      return showRefusal(summary, 'Det er jeres tid nu. Vælg en anden tid for at flytte besøget.', true);
    }
    clearProblems(form, summary);
    sending = true;
    form.setAttribute('aria-busy', 'true');
    submit.setAttribute('aria-disabled', 'true');
    status.textContent = 'Booker tiden …';
    void send(chosen.value).finally(() => {
      sending = false;
      form.setAttribute('aria-busy', 'false');
      submit.setAttribute('aria-disabled', 'false');
    });
  });

  async function send(slotId: string): Promise<void> {
    const outcome = await bookVisit(page.config, page.token, slotId);
    if (outcome.ok) {
      showVisitBooking(page, outcome.view, { kind: 'booked' });
      return;
    }
    const { error } = outcome;
    if (error.status === 404) return page.showInvalidLink();
    if (error.status === 409) {
      // The slot went to someone else (or began) meanwhile: show the round as it is now.
      const fresh = await fetchLink(page.config, page.token);
      if (fresh.ok && fresh.view.kind === 'library') {
        showVisitBooking(page, fresh.view, { kind: 'refused', message: error.message });
        return;
      }
    }
    status.textContent = '';
    showRefusal(summary, error.message, true);
  }

  page.render(
    h('p', { class: 'organiser' }, view.course.title),
    h('h1', { id: 'side-titel' }, 'Book besøg'),
    view.round
      ? h('p', { class: 'lead' }, `${view.round.title}, ${rangeText(view.round.from, view.round.to)}`)
      : null,
    h('p', {}, h('strong', {}, 'Bibliotek: '), view.library.name),
    h(
      'p',
      { class: 'note' },
      'Underviseren og udviklingskonsulenten besøger jer for at finde deltagernes prøvehandlinger sammen med ' +
        'jer og jeres leder. Vælg den tid, der passer jer.',
    ),
    confirmation,
    current,
    slots.length === 0
      ? h(
          'p',
          { class: 'notice' },
          'Der er endnu ingen besøgstider at vælge imellem. Kontakt kursets koordinator, hvis I har spørgsmål.',
        )
      : [
          !bookable && !booking
            ? h(
                'p',
                { class: 'notice closed' },
                'Alle tider er optaget. Kontakt kursets koordinator, så finder vi en løsning.',
              )
            : null,
          form,
        ],
  );

  if (notice?.kind === 'refused') {
    showRefusal(summary, `${notice.message} Tiderne herunder er opdateret – vælg en anden.`, true);
  } else if (confirmation) {
    confirmation.focus();
  }
}

function slotChoice(slot: LinkSlot): HTMLLIElement {
  const id = `slot-${slot.id}`;
  const state = slot.mine ? 'jeres tid' : slot.available ? '' : 'optaget';
  return h(
    'li',
    { class: slot.mine ? 'slot mine' : slot.available ? 'slot' : 'slot taken' },
    h('input', {
      type: 'radio',
      name: 'slotId',
      id,
      value: slot.id,
      checked: slot.mine,
      disabled: !slot.available && !slot.mine,
    }),
    h(
      'label',
      { for: id },
      timeSpanText(slot),
      state ? h('span', { class: 'slot-state' }, ` (${state})`) : null,
    ),
  );
}

function byDay(slots: LinkSlot[]): [string, LinkSlot[]][] {
  const days = new Map<string, LinkSlot[]>();
  for (const slot of slots) days.set(slot.date, [...(days.get(slot.date) ?? []), slot]);
  return [...days];
}
