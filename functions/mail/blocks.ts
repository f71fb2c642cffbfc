import type { Course, CourseSession } from '#domain/course.ts';
import { describeWhen } from '#domain/session-text.ts';

export interface MailContent {
  subject: string;
  text: string;
  html: string;
}

/*
 * Each mail is written once as a list of blocks and rendered twice, so the plain-text part can never say
 * something the HTML part does not (and vice versa), and escaping happens in exactly one place.
 */
export type Inline = string | { text: string; href: string };
export type Rich = Inline | readonly Inline[];

export interface Fact {
  label: string;
  value: Rich;
}

export interface AmountRow {
  label: string;
  note?: string;
  amount: string;
  total?: boolean;
}

export type Block =
  | { kind: 'heading'; text: string }
  | { kind: 'subheading'; text: string }
  | { kind: 'paragraph'; text: Rich }
  | { kind: 'quote'; text: string }
  | { kind: 'list'; items: readonly Rich[] }
  | { kind: 'facts'; rows: readonly Fact[] }
  | { kind: 'amounts'; rows: readonly AmountRow[] };

export const heading = (text: string): Block => ({ kind: 'heading', text });
export const subheading = (text: string): Block => ({ kind: 'subheading', text });
export const paragraph = (text: Rich): Block => ({ kind: 'paragraph', text });
export const quote = (text: string): Block => ({ kind: 'quote', text });
export const list = (items: readonly Rich[]): Block => ({ kind: 'list', items });
export const facts = (rows: readonly (Fact | undefined)[]): Block => ({
  kind: 'facts',
  rows: rows.filter((row): row is Fact => row !== undefined),
});
export const amounts = (rows: readonly AmountRow[]): Block => ({ kind: 'amounts', rows });

/** A fact only when there is something to say: optional fields from the form simply disappear. */
export const fact = (label: string, value: string | undefined): Fact | undefined =>
  value === undefined || value === '' ? undefined : { label, value };

export const mailto = (email: string): Inline => ({ text: email, href: `mailto:${email}` });

// ---------------------------------------------------------------------------------------------------------
// Rendering

export function render(subject: string, blocks: readonly Block[]): MailContent {
  return {
    subject,
    text: `${blocks.map(blockText).join('\n\n')}\n`,
    html: htmlDocument(subject, blocks.map(blockHtml).join('\n')),
  };
}

export const isInlineList = (rich: Rich): rich is readonly Inline[] => Array.isArray(rich);

export function inlines(rich: Rich): readonly Inline[] {
  return isInlineList(rich) ? rich : [rich];
}

export function richText(rich: Rich): string {
  return inlines(rich)
    .map((part) => (typeof part === 'string' ? part : part.text))
    .join('');
}

export function richHtml(rich: Rich): string {
  return inlines(rich)
    .map((part) =>
      typeof part === 'string'
        ? escapeHtml(part)
        : `<a href="${escapeHtml(part.href)}" style="color:#1a5c8a">${escapeHtml(part.text)}</a>`,
    )
    .join('')
    .replaceAll('\n', '<br>\n');
}

export function blockText(block: Block): string {
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

export const CELL = 'padding:4px 12px 4px 0;vertical-align:top;text-align:left';

export function blockHtml(block: Block): string {
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

export function amountRowHtml(row: AmountRow): string {
  const border = row.total ? ';border-top:1px solid #333;font-weight:600' : '';
  const note = row.note ? `<br><span style="color:#555;font-size:13px">${escapeHtml(row.note)}</span>` : '';
  return `<tr><td style="${CELL}${border}">${escapeHtml(row.label)}${note}</td><td style="${CELL}${border};text-align:right;white-space:nowrap">${escapeHtml(row.amount)}</td></tr>`;
}

export function table(rows: readonly string[]): string {
  return `<table role="presentation" style="border-collapse:collapse;margin:0 0 12px">\n${rows.join('\n')}\n</table>`;
}

export function htmlDocument(title: string, body: string): string {
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

export function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

export function percent(rate: number): string {
  return `${new Intl.NumberFormat('da-DK', { maximumFractionDigits: 2 }).format(rate * 100)} %`;
}

export function addressLine(a: { street: string; postalCode: string; city: string }): string {
  return `${a.street}, ${a.postalCode} ${a.city}`;
}

export function venueLine(course: Course): string {
  return `${course.venue.name}, ${addressLine(course.venue)}`;
}

export function sessionHeading(s: CourseSession): string {
  return `${s.title}: ${describeWhen(s)}`;
}

export function sessionPlace(s: CourseSession): string {
  return s.byAppointment ? `${s.place}, efter aftale` : s.place;
}
