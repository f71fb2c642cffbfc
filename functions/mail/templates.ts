import type { Course, CourseSession } from '#domain/course.ts';
import type { Invoice } from '#domain/invoice.ts';
import { formatKroner } from '#domain/money.ts';
import type { PriceBreakdown } from '#domain/pricing.ts';
import type { Registration } from '#domain/registration.ts';
import { describeWhen } from '#domain/session-text.ts';
import { formatDanishDate } from '#domain/time.ts';
import { type CourseContact, coordinatorOf } from './contacts.ts';

export interface MailContent {
  subject: string;
  text: string;
  html: string;
}

type Participant = Registration['participants'][number];

/*
 * Each mail is written once as a list of blocks and rendered twice, so the plain-text part can never say
 * something the HTML part does not (and vice versa), and escaping happens in exactly one place.
 */
type Inline = string | { text: string; href: string };
type Rich = Inline | readonly Inline[];

interface Fact {
  label: string;
  value: Rich;
}

interface AmountRow {
  label: string;
  note?: string;
  amount: string;
  total?: boolean;
}

type Block =
  | { kind: 'heading'; text: string }
  | { kind: 'subheading'; text: string }
  | { kind: 'paragraph'; text: Rich }
  | { kind: 'quote'; text: string }
  | { kind: 'list'; items: readonly Rich[] }
  | { kind: 'facts'; rows: readonly Fact[] }
  | { kind: 'amounts'; rows: readonly AmountRow[] };

const heading = (text: string): Block => ({ kind: 'heading', text });
const subheading = (text: string): Block => ({ kind: 'subheading', text });
const paragraph = (text: Rich): Block => ({ kind: 'paragraph', text });
const quote = (text: string): Block => ({ kind: 'quote', text });
const list = (items: readonly Rich[]): Block => ({ kind: 'list', items });
const facts = (rows: readonly (Fact | undefined)[]): Block => ({
  kind: 'facts',
  rows: rows.filter((row): row is Fact => row !== undefined),
});
const amounts = (rows: readonly AmountRow[]): Block => ({ kind: 'amounts', rows });

/** A fact only when there is something to say: optional fields from the form simply disappear. */
const fact = (label: string, value: string | undefined): Fact | undefined =>
  value === undefined || value === '' ? undefined : { label, value };

const mailto = (email: string): Inline => ({ text: email, href: `mailto:${email}` });

// ---------------------------------------------------------------------------------------------------------
// Rendering

function render(subject: string, blocks: readonly Block[]): MailContent {
  return {
    subject,
    text: `${blocks.map(blockText).join('\n\n')}\n`,
    html: htmlDocument(subject, blocks.map(blockHtml).join('\n')),
  };
}

const isInlineList = (rich: Rich): rich is readonly Inline[] => Array.isArray(rich);

function inlines(rich: Rich): readonly Inline[] {
  return isInlineList(rich) ? rich : [rich];
}

function richText(rich: Rich): string {
  return inlines(rich)
    .map((part) => (typeof part === 'string' ? part : part.text))
    .join('');
}

function richHtml(rich: Rich): string {
  return inlines(rich)
    .map((part) =>
      typeof part === 'string'
        ? escapeHtml(part)
        : `<a href="${escapeHtml(part.href)}" style="color:#1a5c8a">${escapeHtml(part.text)}</a>`,
    )
    .join('')
    .replaceAll('\n', '<br>\n');
}

function blockText(block: Block): string {
  switch (block.kind) {
    case 'heading':
      return `${block.text}\n${'='.repeat(block.text.length)}`;
    case 'subheading':
      return `${block.text}\n${'-'.repeat(block.text.length)}`;
    case 'paragraph':
      return richText(block.text);
    case 'quote':
      return `»${block.text}«`;
    case 'list':
      return block.items.map((item) => `- ${richText(item).replaceAll('\n', '\n  ')}`).join('\n');
    case 'facts':
      return block.rows.map((row) => `${row.label}: ${richText(row.value)}`).join('\n');
    case 'amounts':
      return block.rows
        .map((row) => `${row.label}${row.note ? ` (${row.note})` : ''}: ${row.amount}`)
        .join('\n');
  }
}

const CELL = 'padding:4px 12px 4px 0;vertical-align:top;text-align:left';

function blockHtml(block: Block): string {
  switch (block.kind) {
    case 'heading':
      return `<h2 style="font-size:18px;margin:28px 0 8px">${escapeHtml(block.text)}</h2>`;
    case 'subheading':
      return `<h3 style="font-size:16px;margin:20px 0 4px">${escapeHtml(block.text)}</h3>`;
    case 'paragraph':
      return `<p style="margin:0 0 12px">${richHtml(block.text)}</p>`;
    case 'quote':
      return `<blockquote style="margin:0 0 12px;padding:4px 12px;border-left:3px solid #1a5c8a;font-style:italic">${escapeHtml(block.text)}</blockquote>`;
    case 'list':
      return `<ul style="margin:0 0 12px;padding-left:20px">\n${block.items.map((item) => `<li>${richHtml(item)}</li>`).join('\n')}\n</ul>`;
    case 'facts':
      return table(
        block.rows.map(
          (row) =>
            `<tr><th scope="row" style="${CELL};font-weight:600;white-space:nowrap">${escapeHtml(row.label)}</th><td style="${CELL}">${richHtml(row.value)}</td></tr>`,
        ),
      );
    case 'amounts':
      return table(block.rows.map(amountRowHtml));
  }
}

function amountRowHtml(row: AmountRow): string {
  const border = row.total ? ';border-top:1px solid #333;font-weight:600' : '';
  const note = row.note ? `<br><span style="color:#555;font-size:13px">${escapeHtml(row.note)}</span>` : '';
  return `<tr><td style="${CELL}${border}">${escapeHtml(row.label)}${note}</td><td style="${CELL}${border};text-align:right;white-space:nowrap">${escapeHtml(row.amount)}</td></tr>`;
}

function table(rows: readonly string[]): string {
  return `<table role="presentation" style="border-collapse:collapse;margin:0 0 12px">\n${rows.join('\n')}\n</table>`;
}

function htmlDocument(title: string, body: string): string {
  return `<!doctype html>
<html lang="da">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
</head>
<body style="margin:0;padding:16px;font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#222">
<div style="max-width:640px">
${body}
</div>
</body>
</html>
`;
}

/** Library names, people and comments come from a public form: everything put into HTML goes through here. */
export function escapeHtml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

// ---------------------------------------------------------------------------------------------------------
// Danish building blocks shared by the mails

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

function percent(rate: number): string {
  return `${new Intl.NumberFormat('da-DK', { maximumFractionDigits: 2 }).format(rate * 100)} %`;
}

function addressLine(a: { street: string; postalCode: string; city: string }): string {
  return `${a.street}, ${a.postalCode} ${a.city}`;
}

function venueLine(course: Course): string {
  return `${course.venue.name}, ${addressLine(course.venue)}`;
}

function libraryLine(library: Registration['library']): string {
  return `${library.name}, ${library.address}, ${library.postalCode} ${library.city}`;
}

function participantItem(p: Participant): Rich {
  const job = p.jobTitle ? `, ${p.jobTitle}` : '';
  const diet = p.dietaryNeeds ? ` – kosthensyn: ${p.dietaryNeeds}` : '';
  return [`${p.name}${job} (`, mailto(p.email), `)${diet}`];
}

/** Course content items are phrases; joined into running text they need a full stop each. */
function sentences(items: readonly string[]): string {
  return items.map((item) => (/[.!?]$/.test(item) ? item : `${item}.`)).join(' ');
}

function sessionHeading(s: CourseSession): string {
  return `${s.title}: ${describeWhen(s)}`;
}

function sessionPlace(s: CourseSession): string {
  return s.byAppointment ? `${s.place}, efter aftale` : s.place;
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
): MailContent {
  const { library, participants, price } = registration;
  return render(`Tilmelding bekræftet: ${course.title}`, [
    paragraph(`Kære ${registration.contact.name}`),
    paragraph(
      `Tak for tilmeldingen af ${library.name} til »${course.title}«. ` +
        `Tilmeldingen af ${plural(participants.length, 'deltager', 'deltagere')} er bekræftet, og vi glæder os til at se jer.`,
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
