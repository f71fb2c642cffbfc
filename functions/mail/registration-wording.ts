import type { Course } from '#domain/course.ts';
import { formatKroner } from '#domain/money.ts';
import type { PriceBreakdown } from '#domain/pricing.ts';
import type { Registration } from '#domain/registration.ts';
import {
  type AmountRow,
  type Block,
  fact,
  facts,
  heading,
  list,
  mailto,
  paragraph,
  percent,
  quote,
  type Rich,
  sessionHeading,
  sessionPlace,
  subheading,
  venueLine,
} from './blocks.ts';
import type { CourseContact } from './contacts.ts';

/** The wording the registration's mails share: its people, its facts, its price and the programme. */

export type Participant = Registration['participants'][number];

function libraryLine(library: Registration['library']): string {
  return `${library.name}, ${library.address}, ${library.postalCode} ${library.city}`;
}

export function participantItem(p: Participant): Rich {
  const job = p.jobTitle ? `, ${p.jobTitle}` : '';
  const diet = p.dietaryNeeds ? ` – kosthensyn: ${p.dietaryNeeds}` : '';
  return [`${p.name}${job} (`, mailto(p.email), `)${diet}`];
}

/** Danish enumeration: "A", "A og B", "A, B og C". */
export function names(people: readonly { name: string }[]): string {
  const all = people.map((p) => p.name);
  return all.length <= 1 ? (all[0] ?? '') : `${all.slice(0, -1).join(', ')} og ${all.at(-1)}`;
}

export function namesTold(people: readonly { name: string }[]): string {
  return `${names(people)} har fået besked på mail.`;
}

/** Course content items are phrases; joined into running text they need a full stop each. */
export function sentences(items: readonly string[]): string {
  return items.map((item) => (/[.!?]$/.test(item) ? item : `${item}.`)).join(' ');
}

/** The full programme: what happens when and where, and what each session is about. */
export function programme(course: Course): Block[] {
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
export function dates(course: Course): Block {
  return list(course.sessions.map((s) => `${sessionHeading(s)} – ${sessionPlace(s)}`));
}

export function exemptionNote(reasons: readonly (string | undefined)[]): string | undefined {
  const unique = [...new Set(reasons.filter((r): r is string => r !== undefined))];
  return unique.length > 0 ? unique.join('; ') : undefined;
}

export function vatRow(rate: number | null, vat: number, note: string | undefined): AmountRow {
  const label = rate === null ? 'Moms' : `Moms ${percent(rate)}`;
  return note === undefined
    ? { label, amount: formatKroner(vat) }
    : { label, note, amount: formatKroner(vat) };
}

/** The price the library was quoted when signing up, with the course's wording for each line. */
export function priceRows(course: Course, price: PriceBreakdown): AmountRow[] {
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

export function registrationFacts(registration: Registration): Block {
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

export function contactItem(c: CourseContact): Rich {
  const who = `${c.handles}: ${c.name}, ${c.title}`;
  return c.email ? [`${who}, `, mailto(c.email)] : who;
}
