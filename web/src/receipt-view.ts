import type { RegistrationInput, RegistrationReceipt } from '#domain/registration.ts';
import type { CourseView } from './api.ts';
import { h } from './dom.ts';
import { packageLabel, priceTable } from './price-view.ts';

/** The page after a signup: what was registered, what it costs, and what happens next. */
export function receiptView(
  course: CourseView,
  { registration, price }: RegistrationReceipt,
  body: RegistrationInput,
  onNewSignup: () => void,
): HTMLElement {
  const waitlisted = registration.status === 'waitlisted';
  const visits = course.sessions.find((s) => s.kind === 'visit-round');
  const firstDay = course.sessions.find((s) => s.kind === 'teaching-day');
  const invoiceTo = body.invoiceEmail ?? body.contact.email;
  const newSignup = h('button', { type: 'button', class: 'secondary' }, 'Tilmeld et andet bibliotek');
  newSignup.addEventListener('click', onNewSignup);
  const print = h('button', { type: 'button', class: 'secondary' }, 'Udskriv kvittering');
  print.addEventListener('click', () => window.print());

  return h(
    'section',
    { class: 'receipt', id: 'kvittering', 'aria-labelledby': 'kvittering-titel', tabindex: '-1' },
    h('h1', { id: 'kvittering-titel' }, waitlisted ? 'I er på ventelisten' : 'Tak for tilmeldingen'),
    h(
      'p',
      { class: 'lead' },
      waitlisted
        ? `${body.library.name} står på ventelisten til »${course.title}«.`
        : `${body.library.name} er tilmeldt »${course.title}«.`,
    ),
    h('p', {}, 'Tilmeldingsnummer: ', h('strong', { class: 'registration-id' }, registration.id)),
    h('h2', {}, 'Det sker nu'),
    h(
      'ol',
      { class: 'next-steps' },
      h(
        'li',
        {},
        `${body.contact.name} får en bekræftelse på ${body.contact.email} med kursets datoer i kalenderen.`,
      ),
      h('li', {}, 'Hver deltager får et velkomstbrev med program og kalenderinvitation.'),
      waitlisted
        ? h('li', {}, 'Bliver der plads, skriver vi til jer. Der sendes ingen faktura, før I har fået plads.')
        : h(
            'li',
            {},
            `Fakturaen sendes som e-faktura til EAN ${body.library.ean} og som PDF til ${invoiceTo}` +
              `, med ordrenummer ${body.invoiceReference}.`,
          ),
      !waitlisted && firstDay
        ? h('li', {}, `Kurset begynder ${firstDay.whenText}, ${firstDay.place}.`)
        : null,
      !waitlisted && visits
        ? h(
            'li',
            {},
            `I ${visits.whenText} besøger underviseren og udviklingskonsulenten jeres bibliotek for at finde ` +
              'deltagernes prøvehandlinger sammen med jer og jeres leder. Vi aftaler tidspunktet med jer.',
          )
        : null,
    ),
    h('h2', {}, 'Deltagere'),
    h(
      'ul',
      { class: 'participant-list' },
      body.participants.map((p) => h('li', {}, `${p.name} (${p.email})`)),
    ),
    h('h2', {}, waitlisted ? 'Pris, hvis I får plads' : 'Pris'),
    priceTable(price, packageLabel(price.packages)),
    h('div', { class: 'actions no-print' }, print, newSignup),
  );
}
