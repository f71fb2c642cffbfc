import type { CourseView } from './api.ts';
import { h } from './dom.ts';

/** The course's facts above the form: what, when, where, what it costs, until when one can sign up. */
export function courseFacts(course: CourseView): HTMLElement {
  const { venue, prices, signup } = course;
  return h(
    'section',
    { class: 'course', 'aria-labelledby': 'kursus-titel' },
    h('p', { class: 'organiser' }, course.organiser.name),
    h('h1', { id: 'kursus-titel' }, course.title),
    h('p', { class: 'lead' }, course.description),
    h('p', {}, h('strong', {}, 'Målgruppe: '), course.targetGroup),
    h('h2', {}, 'Program'),
    h(
      'ol',
      { class: 'sessions' },
      course.sessions.map((session) =>
        h(
          'li',
          {},
          h('span', { class: 'session-title' }, session.title),
          h('span', { class: 'session-when' }, capitalise(session.whenText)),
          h('span', { class: 'session-place' }, session.place),
        ),
      ),
    ),
    h('h2', {}, 'Sted'),
    h('p', {}, `${venue.name}, ${venue.street}, ${venue.postalCode} ${venue.city}`),
    h('h2', {}, 'Pris'),
    h(
      'p',
      {},
      `${prices.packageFeeText} pr. bibliotek for op til ${prices.participantsPerPackage} deltagere ` +
        `(inkl. bogen »${course.book.title}« til hver deltager) plus forplejning ${prices.cateringPerParticipantText} pr. deltager.`,
    ),
    h('p', { class: 'deadline' }, h('strong', {}, 'Tilmeldingsfrist: '), signup.deadlineText),
  );
}

/** Why the form is not shown, or what signing up now means. */
export function signupNotice(course: CourseView): HTMLElement | null {
  const coordinator = course.contacts.find((c) => c.role === 'coordinator');
  if (!course.signupOpen) {
    return h(
      'div',
      { class: 'notice closed', role: 'status' },
      h('h2', {}, 'Tilmeldingen er lukket'),
      h('p', {}, `Fristen var ${course.signup.deadlineText}.`),
      coordinator
        ? h(
            'p',
            {},
            `Spørgsmål om kurset kan rettes til ${coordinator.name}, `,
            mailLink(coordinator.email),
            '.',
          )
        : null,
    );
  }
  if (course.seatsLeft === 0) {
    return h(
      'div',
      { class: 'notice full', role: 'status' },
      h('h2', {}, 'Kurset er fuldt'),
      h(
        'p',
        {},
        'I kan stadig tilmelde jer venteliste. Bliver der plads, rykker I op i den rækkefølge, I tilmeldte jer, ' +
          'og først da sender vi faktura.',
      ),
    );
  }
  return null;
}

/** A warning when this many participants no longer fit in the seats that are left. */
export function seatsWarning(course: CourseView, participants: number): string {
  if (course.seatsLeft === undefined || course.seatsLeft === 0 || participants <= course.seatsLeft) return '';
  const seats = course.seatsLeft === 1 ? 'én plads' : `${course.seatsLeft} pladser`;
  return `Der er kun ${seats} tilbage. Med ${participants} deltagere kommer I på venteliste.`;
}

function mailLink(address: string | undefined): Node {
  return address ? h('a', { href: `mailto:${address}` }, address) : document.createTextNode('koordinatoren');
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
