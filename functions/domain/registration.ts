import * as z from 'zod/mini';
import type { Course } from './course.ts';
import { type FieldProblem, SuspectedBotError, ValidationError } from './errors.ts';
import { isValidCvr, isValidGln } from './identifiers.ts';
import { CONTROL_CHARACTER_MESSAGE, wholeCharacters } from './text-rule.ts';
import { danishMessages } from './validation-messages.ts';

/**
 * Control characters have no place in a name or an address, and XML 1.0 (the OIOUBL invoice) cannot even
 * carry most of them; a comment may have line breaks and tabs. The text rule's other characters are refused
 * here too, so the form, which runs this schema, says so before anything is sent.
 */
const CONTROL_CHARACTERS = /\p{Cc}/u;
const CONTROL_CHARACTERS_BUT_LINES = /(?![\t\n\r])\p{Cc}/u;
const noControlCharacters = (pattern: RegExp) =>
  z.refine<string>((value) => !pattern.test(value), CONTROL_CHARACTER_MESSAGE);

/** The registration as the API receives it (field names are the API contract: ARCHITECTURE.md, "Routes", and `GET /openapi.json`). */
const text = (max: number) =>
  z
    .string()
    .check(
      z.trim(),
      z.minLength(1),
      z.maxLength(max),
      noControlCharacters(CONTROL_CHARACTERS),
      wholeCharacters,
    );
const email = z.pipe(
  // An empty field is a missing answer, not a malformed address.
  z.string().check(z.trim(), z.minLength(1), z.toLowerCase()),
  z.email({ error: 'Ugyldig e-mailadresse.' }).check(z.maxLength(254)),
);
/** A digit string with a check digit: one message per field, the format first, then the check. */
const checkedDigits = (
  length: number,
  isValid: (value: string) => boolean,
  formatMessage: string,
  checkMessage: string,
) =>
  z.string().check(
    z.trim(),
    z.superRefine((value, ctx) => {
      if (!new RegExp(`^\\d{${length}}$`).test(value))
        ctx.addIssue({ code: 'custom', message: formatMessage });
      else if (!isValid(value)) ctx.addIssue({ code: 'custom', message: checkMessage });
    }),
  );
/** Forms send "" for an empty optional field: treat it as absent. */
const optional = <T extends z.ZodMiniType>(schema: T) =>
  z.optional(
    z.union([
      z.pipe(
        z.literal(''),
        z.transform(() => undefined),
      ),
      schema,
    ]),
  );

const library = z.strictObject({
  name: text(200),
  municipality: text(100),
  address: text(200),
  postalCode: z.string().check(z.trim(), z.regex(/^\d{4}$/, 'Postnummeret skal være 4 cifre.')),
  city: text(100),
  ean: checkedDigits(
    13,
    isValidGln,
    'EAN-nummeret skal være 13 cifre.',
    'EAN-nummeret har et forkert kontrolciffer.',
  ),
  cvr: optional(
    checkedDigits(
      8,
      isValidCvr,
      'CVR-nummeret skal være 8 cifre.',
      'CVR-nummeret er ikke gyldigt (modulus 11-kontrol).',
    ),
  ),
});

const participant = z.strictObject({
  name: text(200),
  email,
  jobTitle: optional(text(200)),
  dietaryNeeds: optional(text(500)),
});

export const registrationInputSchema = z.strictObject({
  library,
  contact: z.strictObject({
    name: text(200),
    email,
    phone: z.string().check(
      z.trim(),
      z.refine(
        (phone) => /^\+?[\d ()-]{8,25}$/.test(phone) && (phone.match(/\d/g) ?? []).length >= 8,
        'Telefonnummeret skal have mindst 8 cifre.',
      ),
    ),
  }),
  leader: z.strictObject({ name: text(200), email }),
  participants: z.array(participant).check(z.minLength(1, 'Der skal være mindst én deltager.')),
  invoiceEmail: optional(email),
  invoiceReference: text(50),
  comment: optional(
    z
      .string()
      .check(z.trim(), z.maxLength(2000), noControlCharacters(CONTROL_CHARACTERS_BUT_LINES), wholeCharacters),
  ),
  consent: z.literal(true, { error: 'Du skal give samtykke til behandlingen af personoplysningerne.' }),
});

export type RegistrationInput = z.infer<typeof registrationInputSchema>;

function pathOf(segments: readonly PropertyKey[]): string {
  return segments.map(String).join('.');
}

/** The course facts validation needs: the form has them from the public course view, the API from the table. */
export type RegistrationLimits = { signup: Pick<Course['signup'], 'maxParticipantsPerRegistration'> };

/**
 * The form's hidden trap field. People never see it (it is off-screen, out of the tab order and hidden from
 * screen readers); naive bots fill every input they find.
 */
export const HONEYPOT_FIELD = 'website';

/** Takes the honeypot out of a body, refusing the body if anything was typed into it. */
function withoutHoneypot(body: unknown): unknown {
  if (
    body === null ||
    typeof body !== 'object' ||
    Array.isArray(body) ||
    !Object.hasOwn(body, HONEYPOT_FIELD)
  )
    return body;
  const { [HONEYPOT_FIELD]: trap, ...rest } = body as Record<string, unknown>;
  if (trap !== '' && trap !== undefined && trap !== null) throw new SuspectedBotError();
  return rest;
}

/**
 * Validates a request body against the contract and the course's own limits, collecting every problem
 * (so the form can mark all fields at once). Throws ValidationError; returns the normalised input.
 * The signup form runs this same function in the browser before it sends anything.
 */
export function parseRegistration(raw: unknown, course: RegistrationLimits): RegistrationInput {
  const body = withoutHoneypot(raw);
  const result = registrationInputSchema.safeParse(body, { error: danishMessages });
  const problems: FieldProblem[] = result.success ? [] : problemsOf(result.error.issues, []);
  // The course's limits are checked on the raw list too, so they are reported alongside other mistakes.
  const participants = (body as { participants?: unknown } | null)?.participants;
  if (Array.isArray(participants)) problems.push(...participantProblems(participants, course));
  if (problems.length > 0 || !result.success) throw new ValidationError(problems);
  return result.data;
}

export type ParticipantInput = RegistrationInput['participants'][number];

/**
 * Validates a new participant list for an existing registration exactly as a signup's list is checked
 * (the same schema, Danish messages, course maximum and duplicate check), with paths as in a signup
 * body (`participants.1.email`). Throws ValidationError; returns the normalised list.
 */
export function parseParticipants(raw: unknown, course: RegistrationLimits): ParticipantInput[] {
  const result = registrationInputSchema.shape.participants.safeParse(raw, { error: danishMessages });
  const problems: FieldProblem[] = result.success ? [] : problemsOf(result.error.issues, ['participants']);
  if (Array.isArray(raw)) problems.push(...participantProblems(raw, course));
  if (problems.length > 0 || !result.success) throw new ValidationError(problems);
  return result.data;
}

function problemsOf(issues: readonly z.core.$ZodIssue[], prefix: readonly PropertyKey[]): FieldProblem[] {
  return issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ path: pathOf([...prefix, ...issue.path, key]), message: 'Ukendt felt.' }))
      : [{ path: pathOf([...prefix, ...issue.path]), message: issue.message }],
  );
}

function participantProblems(participants: unknown[], course: RegistrationLimits): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const max = course.signup.maxParticipantsPerRegistration;
  if (participants.length > max) {
    problems.push({
      path: 'participants',
      message: `Der kan højst tilmeldes ${max} deltagere pr. bibliotek.`,
    });
  }
  const firstIndexOfEmail = new Map<string, number>();
  participants.forEach((participant, i) => {
    const raw = (participant as { email?: unknown } | null)?.email;
    if (typeof raw !== 'string' || raw.trim() === '') return;
    const email = raw.trim().toLowerCase();
    const first = firstIndexOfEmail.get(email);
    if (first === undefined) firstIndexOfEmail.set(email, i);
    else
      problems.push({
        path: `participants.${i}.email`,
        message: `Samme e-mailadresse som deltager ${first + 1}.`,
      });
  });
  return problems;
}

/** Cancelled registrations are kept (with their invoices and credit notes) but count nowhere. */
export type RegistrationStatus = 'confirmed' | 'waitlisted' | 'cancelled';

/** A stored registration: the validated input plus what the system decided about it. */
export interface Registration extends RegistrationInput {
  id: string;
  courseId: string;
  status: RegistrationStatus;
  createdAt: string;
  price: import('./pricing.ts').PriceBreakdown;
  /** The course's price lines as they were at signup: the invoice charges what the library was quoted. */
  pricing: import('./course.ts').Course['pricing'];
}

/** The 201 body of a successful signup (and what an idempotent retry gets back). */
export interface RegistrationReceipt {
  registration: { id: string; courseId: string; status: RegistrationStatus };
  price: import('./pricing.ts').PriceBreakdown;
}

/**
 * The receipt in one fixed shape, field order included: a retry's answer is rebuilt from the stored record
 * (DynamoDB keeps no key order), and must come out byte for byte as the first answer did.
 */
export function receiptOf(
  registration: Pick<Registration, 'id' | 'courseId' | 'status' | 'price'>,
): RegistrationReceipt {
  const { currency, packages, participants, packageFee, catering, subtotal, vatRate, vat, total } =
    registration.price;
  return {
    registration: { id: registration.id, courseId: registration.courseId, status: registration.status },
    price: { currency, packages, participants, packageFee, catering, subtotal, vatRate, vat, total },
  };
}
