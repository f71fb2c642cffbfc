import type { Course } from '#domain/course.ts';
import type { Invoice } from '#domain/invoice.ts';
import { formatKroner } from '#domain/money.ts';
import type { PriceBreakdown } from '#domain/pricing.ts';
import type { Registration } from '#domain/registration.ts';
import { describeWhen } from '#domain/session-text.ts';
import { formatDanishDate } from '#domain/time.ts';
import {
  type AmountRow,
  amounts,
  type Block,
  fact,
  facts,
  heading,
  list,
  type MailContent,
  mailto,
  paragraph,
  percent,
  plural,
  quote,
  type Rich,
  render,
  sessionHeading,
  sessionPlace,
  subheading,
  venueLine,
} from './blocks.ts';
import { type CourseContact, coordinatorOf } from './contacts.ts';

export type { MailContent } from './blocks.ts';

type Participant = Registration['participants'][number];

function libraryLine(library: Registration['library']): string {
  return `${library.name}, ${library.address}, ${library.postalCode} ${library.city}`;
}

function participantItem(p: Participant): Rich {
  const job = p.jobTitle ? `, ${p.jobTitle}` : '';
  const diet = p.dietaryNeeds ? ` – kosthensyn: ${p.dietaryNeeds}` : '';
  return [`${p.name}${job} (`, mailto(p.email), `)${diet}`];
}

/** Danish enumeration: "A", "A og B", "A, B og C". */
function names(people: readonly { name: string }[]): string {
  const all = people.map((p) => p.name);
  return all.length <= 1 ? (all[0] ?? '') : `${all.slice(0, -1).join(', ')} og ${all.at(-1)}`;
}

function namesTold(people: readonly { name: string }[]): string {
  return `${names(people)} har fået besked på mail.`;
}

/** Course content items are phrases; joined into running text they need a full stop each. */
function sentences(items: readonly string[]): string {
  return items.map((item) => (/[.!?]$/.test(item) ? item : `${item}.`)).join(' ');
}

/** The full programme: what happens when and where, and what each session is about. */
function programme(course: Course): Block[] {
  return [
    heading('Programmet'),
    paragraph('Forløbet bygger på denne forståelse af samskabelse:'),
    quote(course.description),
    ...course.sessions.flatMap((s) => [
      subheading(sessionHeading(s)),
      paragraph(`Sted: ${sessionPlace(s)}`),
      list(s.content),
    ]),
    heading('Sted for undervisningsdagene'),
    paragraph(venueLine(course)),
  ];
}

/** Just the dates, for mails where the full programme would drown the message. */
function dates(course: Course): Block {
  return list(course.sessions.map((s) => `${sessionHeading(s)} – ${sessionPlace(s)}`));
}

function exemptionNote(reasons: readonly (string | undefined)[]): string | undefined {
  const unique = [...new Set(reasons.filter((r): r is string => r !== undefined))];
  return unique.length > 0 ? unique.join('; ') : undefined;
}

function vatRow(rate: number | null, vat: number, note: string | undefined): AmountRow {
  const label = rate === null ? 'Moms' : `Moms ${percent(rate)}`;
  return note === undefined
    ? { label, amount: formatKroner(vat) }
    : { label, note, amount: formatKroner(vat) };
}

/** The price the library was quoted when signing up, with the course's wording for each line. */
function priceRows(course: Course, price: PriceBreakdown): AmountRow[] {
  const { package: pkg, cateringPerParticipant: catering } = course.pricing;
  // Unit prices come from the registration's own price, so a later change to the course cannot skew it.
  const packageUnit = price.packages > 0 ? price.packageFee / price.packages : pkg.unitPrice;
  const cateringUnit = price.participants > 0 ? price.catering / price.participants : catering.unitPrice;
  const exempt = [pkg, catering]
    .filter((line) => line.vat.rate === 0)
    .map((line) => line.vat.exemptionReason);
  return [
    {
      label: pkg.description,
      note: `${price.packages} × ${formatKroner(packageUnit)}`,
      amount: formatKroner(price.packageFee),
    },
    {
      label: catering.description,
      note: `${price.participants} × ${formatKroner(cateringUnit)}`,
      amount: formatKroner(price.catering),
    },
    { label: 'I alt ekskl. moms', amount: formatKroner(price.subtotal) },
    vatRow(price.vatRate, price.vat, exemptionNote(exempt)),
    { label: 'I alt', amount: formatKroner(price.total), total: true },
  ];
}

function registrationFacts(registration: Registration): Block {
  const { library, contact, leader } = registration;
  return facts([
    fact('Bibliotek', libraryLine(library)),
    fact('Kommune', library.municipality),
    fact('EAN-nummer', library.ean),
    fact('CVR-nummer', library.cvr),
    fact('Ordre-/rekvisitionsnummer', registration.invoiceReference),
    fact('Faktura-e-mail', registration.invoiceEmail),
    {
      label: 'Kontaktperson',
      value: [`${contact.name}, `, mailto(contact.email), `, tlf. ${contact.phone}`],
    },
    { label: 'Leder', value: [`${leader.name}, `, mailto(leader.email)] },
    fact('Bemærkning', registration.comment),
    fact('Tilmeldingsnummer', registration.id),
  ]);
}

function contactItem(c: CourseContact): Rich {
  const who = `${c.handles}: ${c.name}, ${c.title}`;
  return c.email ? [`${who}, `, mailto(c.email)] : who;
}

/** Where practical questions go; without a configured address the person is still named. */
function askCoordinator(contacts: readonly CourseContact[]): Block[] {
  const coordinator = coordinatorOf(contacts);
  if (!coordinator) return [];
  const who = `${coordinator.name}, ${coordinator.title}`;
  return [
    paragraph(
      coordinator.email
        ? ['Har du spørgsmål, er du velkommen til at kontakte ', `${who}, `, mailto(coordinator.email), '.']
        : `Har du spørgsmål, er du velkommen til at kontakte ${who}.`,
    ),
  ];
}

function signOff(course: Course, contacts: readonly CourseContact[]): Block {
  const coordinator = coordinatorOf(contacts);
  const signer = coordinator ? `${coordinator.name}\n${coordinator.title}` : course.organiser.name;
  return paragraph(`Med venlig hilsen\n${signer}`);
}

// ---------------------------------------------------------------------------------------------------------
// The mails

/** To the contact person of a confirmed registration: everything the library needs until the first day. */
export function confirmationMail(
  course: Course,
  registration: Registration,
  contacts: readonly CourseContact[],
  { promoted = false }: { promoted?: boolean } = {},
): MailContent {
  const { library, participants, price } = registration;
  const people = plural(participants.length, 'deltager', 'deltagere');
  return render(`Tilmelding bekræftet: ${course.title}`, [
    paragraph(`Kære ${registration.contact.name}`),
    paragraph(
      promoted
        ? `Der er blevet plads på »${course.title}«, så ${library.name} er rykket op fra ventelisten. ` +
            `Tilmeldingen af ${people} er nu bekræftet, og vi glæder os til at se jer.`
        : `Tak for tilmeldingen af ${library.name} til »${course.title}«. ` +
            `Tilmeldingen af ${people} er bekræftet, og vi glæder os til at se jer.`,
    ),
    heading('Det sker nu'),
    list(nextSteps(course, registration)),
    heading('Jeres tilmelding'),
    registrationFacts(registration),
    subheading('Deltagere'),
    list(participants.map(participantItem)),
    heading('Pris'),
    amounts(priceRows(course, price)),
    ...programme(course),
    heading('Spørgsmål'),
    list(contacts.map(contactItem)),
    signOff(course, contacts),
  ]);
}

function nextSteps(course: Course, registration: Registration): Rich[] {
  const { library, leader, invoiceEmail } = registration;
  const visit = course.sessions.find((s) => s.kind === 'visit-round');
  const steps: Rich[] = [];
  if (visit) {
    steps.push(
      `${visit.title} i ${describeWhen(visit)}: ${sentences(visit.content)} ` +
        `Vi aftaler tidspunktet med jer, og deltagernes leder, ${leader.name}, er med til besøget.`,
    );
  }
  steps.push(`Casearbejde mellem undervisningsdagene: ${course.caseWork}`);
  if (course.book.perParticipant > 0) {
    steps.push(`Hver deltager får bogen »${course.book.title}« af ${course.book.author}.`);
  }
  steps.push('Hver deltager får en personlig velkomstmail med datoerne og en kalenderfil.');
  steps.push(
    `Fakturaen følger i en særskilt mail${invoiceEmail ? ` til ${invoiceEmail}` : ''} og sendes samtidig som ` +
      `elektronisk faktura (OIOUBL via NemHandel) til jeres EAN-nummer ${library.ean} ` +
      `med ordrenummer ${registration.invoiceReference}.`,
  );
  return steps;
}

/** The course is full: the library holds a waitlist place and owes nothing until a seat is confirmed. */
export function waitlistMail(
  course: Course,
  registration: Registration,
  contacts: readonly CourseContact[],
): MailContent {
  const { library, participants, price } = registration;
  return render(`Venteliste: ${course.title}`, [
    paragraph(`Kære ${registration.contact.name}`),
    paragraph(
      `Tak for tilmeldingen af ${library.name} med ${plural(participants.length, 'deltager', 'deltagere')} ` +
        `til »${course.title}«. Kurset er desværre fuldt, så I står nu på venteliste.`,
    ),
    paragraph(
      'Bliver der en plads, bekræfter vi tilmeldingen på mail. I modtager ingen faktura, før en plads er ' +
        'bekræftet, og I skal ikke betale noget, så længe I står på ventelisten.',
    ),
    heading('Jeres tilmelding'),
    registrationFacts(registration),
    subheading('Deltagere'),
    list(participants.map(participantItem)),
    paragraph(`Prisen, hvis pladsen bliver bekræftet: ${formatKroner(price.total)}`),
    heading('Datoer'),
    dates(course),
    ...askCoordinator(contacts),
    signOff(course, contacts),
  ]);
}

/** The coordinator cancelled the registration: what that means for the library and its money. */
export function cancellationMail(
  course: Course,
  registration: Registration,
  creditedInvoices: readonly string[],
  contacts: readonly CourseContact[],
  /** The participants who had their welcome and are now told they are no longer registered. */
  toldParticipants: readonly { name: string }[] = [],
): MailContent {
  const { library, participants } = registration;
  return render(`Afmelding bekræftet: ${course.title}`, [
    paragraph(`Kære ${registration.contact.name}`),
    paragraph(
      `${library.name} er nu afmeldt »${course.title}«, og ${participants.length === 1 ? 'den tilmeldte deltager' : `de ${participants.length} tilmeldte deltagere`} ` +
        'får ikke flere mails om kurset.' +
        (toldParticipants.length > 0 ? ` ${namesTold(toldParticipants)}` : ''),
    ),
    paragraph(
      creditedInvoices.length > 0
        ? `Faktura ${creditedInvoices.join(' og ')} krediteres: kreditnotaen følger i en særskilt mail og sendes ` +
            `også elektronisk til jeres EAN-nummer ${library.ean}.`
        : 'Der er ikke udstedt nogen faktura, så I skal ikke betale noget.',
    ),
    paragraph(
      'Vil I alligevel gerne deltage, er I velkomne til at tilmelde jer igen, så længe der er plads.',
    ),
    ...askCoordinator(contacts),
    signOff(course, contacts),
  ]);
}

/** The participant list changed: the contact gets the new list, the price and what happens to the invoice. */
export function participantsChangedMail(
  course: Course,
  registration: Registration,
  /** `told`: the participant had a welcome and gets a word that they are no longer registered. */
  removed: readonly { name: string; told: boolean }[],
  credited: string | undefined,
  contacts: readonly CourseContact[],
): MailContent {
  const { library, participants, price } = registration;
  const told = removed.filter((p) => p.told);
  return render(`Ændring af tilmelding: ${course.title}`, [
    paragraph(`Kære ${registration.contact.name}`),
    paragraph(`Deltagerne fra ${library.name} på »${course.title}« er ændret. Nu er I tilmeldt med:`),
    list(participants.map(participantItem)),
    ...(removed.length > 0
      ? [
          paragraph(
            `Afmeldt: ${names(removed)}.` +
              (told.length === 0
                ? ''
                : told.length === removed.length
                  ? ` ${removed.length === 1 ? 'Vedkommende' : 'De'} har fået besked på mail.`
                  : ` ${namesTold(told)}`),
          ),
        ]
      : []),
    paragraph(`Ny pris: ${formatKroner(price.total)}`),
    ...(credited
      ? [
          paragraph(
            `Faktura ${credited} krediteres, og en ny faktura med den nye pris følger i særskilte mails ` +
              `(også elektronisk til EAN-nummer ${library.ean}).`,
          ),
        ]
      : []),
    ...askCoordinator(contacts),
    signOff(course, contacts),
  ]);
}

/** A participant taken off the registration: told plainly, so nobody turns up or waits for mails. */
export function participantRemovedMail(
  course: Course,
  registration: Registration,
  participant: { name: string },
  contacts: readonly CourseContact[],
): MailContent {
  return render(`Du er afmeldt: ${course.title}`, [
    paragraph(`Kære ${participant.name}`),
    paragraph(
      `${registration.library.name} har afmeldt dig fra »${course.title}«, så du får ikke flere mails om kurset. ` +
        `Spørgsmål kan rettes til ${registration.contact.name}.`,
    ),
    ...askCoordinator(contacts),
    signOff(course, contacts),
  ]);
}

/** A short personal welcome to one participant, with the dates to keep free. */
export function participantWelcomeMail(
  course: Course,
  registration: Registration,
  participant: Participant,
  contacts: readonly CourseContact[],
): MailContent {
  const { library, contact, leader } = registration;
  const { book } = course;
  return render(`Velkommen til ${course.title}`, [
    paragraph(`Kære ${participant.name}`),
    paragraph(
      `Velkommen til »${course.title}«. ${library.name} har tilmeldt dig (kontaktperson: ${contact.name}), ` +
        'og vi glæder os til at se dig.',
    ),
    heading('Datoer'),
    dates(course),
    paragraph(
      `Undervisningsdagene foregår på ${venueLine(course)}. ` +
        'I den vedhæftede kalenderfil finder du alle datoer.',
    ),
    ...(participant.dietaryNeeds
      ? [paragraph(`Vi har noteret dine kosthensyn: ${participant.dietaryNeeds}.`)]
      : []),
    ...(book.perParticipant > 0 ? [paragraph(`Du får bogen »${book.title}« af ${book.author}.`)] : []),
    paragraph(
      'Mellem undervisningsdagene arbejder du med en prøvehandling: afprøvning af samskabelse i din egen ' +
        `organisation. Den finder du sammen med din leder, ${leader.name}, og underviseren.`,
    ),
    ...askCoordinator(contacts),
    signOff(course, contacts),
  ]);
}

/**
 * To the invoice recipient; the PDF and the OIOUBL document are attached by the sender of this mail. The course
 * is taken for symmetry with the other mails only: the issued invoice carries every fact it shows, so a
 * course edited after issue cannot change what the mail says about it.
 */
export function invoiceMail(
  _course: Course,
  invoice: Invoice,
  contacts: readonly CourseContact[],
): MailContent {
  const credit = invoice.kind === 'credit-note';
  const { buyer, seller } = invoice;
  const name = credit ? `Kreditnota ${invoice.number}` : `Faktura ${invoice.number}`;
  const credits = invoice.creditsInvoiceNumber ?? '';
  const subject = credit
    ? `${name} – krediterer faktura ${credits}: ${invoice.courseTitle}`
    : `${name}: ${invoice.courseTitle}`;
  return render(subject, [
    paragraph(`Til ${buyer.name}\nAtt.: ${invoice.buyerReference}`),
    paragraph(
      credit
        ? `Hermed kreditnota ${invoice.number}, som krediterer faktura ${credits} for tilmeldingen af ${buyer.name} til »${invoice.courseTitle}«.`
        : `Hermed faktura ${invoice.number} for tilmeldingen af ${buyer.name} til »${invoice.courseTitle}«.`,
    ),
    facts([
      fact(credit ? 'Kreditnotanummer' : 'Fakturanummer', invoice.number),
      fact('Krediterer faktura', invoice.creditsInvoiceNumber),
      fact(credit ? 'Dato' : 'Fakturadato', formatDanishDate(invoice.issueDate)),
      fact(credit ? 'Beløb, der krediteres' : 'Beløb i alt', formatKroner(invoice.total)),
      credit ? undefined : fact('Forfaldsdato', formatDanishDate(invoice.dueDate)),
      fact('Ordre-/rekvisitionsnummer', invoice.orderReference),
      fact('Reference', invoice.buyerReference),
      fact('EAN-nummer', buyer.ean),
    ]),
    amounts(invoiceRows(invoice)),
    paragraph(
      `${credit ? 'Kreditnotaen' : 'Fakturaen'} er vedhæftet som PDF. Den elektroniske ${credit ? 'kreditnota' : 'faktura'} ` +
        `(OIOUBL) sendes via NemHandel til jeres EAN-nummer ${buyer.ean}; OIOUBL-filen (XML) er også vedhæftet.`,
    ),
    paragraph(
      credit
        ? `Der skal ikke betales noget. Har I allerede betalt faktura ${credits}, så kontakt os, så vi kan tilbageføre beløbet.`
        : `Beløbet bedes betalt senest ${formatDanishDate(invoice.dueDate)} til reg.nr. ${seller.bankRegNo}, ` +
            `kontonr. ${seller.bankAccountNo}, med fakturanummeret ${invoice.number} som reference.`,
    ),
    paragraph([
      `Spørgsmål til ${credit ? 'kreditnotaen' : 'fakturaen'} kan sendes til `,
      mailto(seller.email),
      '.',
    ]),
    ...askCoordinator(contacts),
    paragraph(`Med venlig hilsen\n${seller.name}`),
  ]);
}

function invoiceRows(invoice: Invoice): AmountRow[] {
  const single = new Set(invoice.vatBreakdown.map((b) => b.rate)).size === 1;
  const rate = single ? (invoice.vatBreakdown[0]?.rate ?? null) : null;
  return [
    ...invoice.lines.map((line) => ({
      label: line.description,
      note: `${line.quantity} × ${formatKroner(line.unitPrice)}`,
      amount: formatKroner(line.lineTotal),
    })),
    { label: 'I alt ekskl. moms', amount: formatKroner(invoice.subtotal) },
    vatRow(
      rate,
      invoice.vatTotal,
      exemptionNote(invoice.vatBreakdown.filter((b) => b.rate === 0).map((b) => b.exemptionReason)),
    ),
    { label: 'I alt', amount: formatKroner(invoice.total), total: true },
  ];
}
