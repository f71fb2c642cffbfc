/**
 * Domain errors say what kind of refusal they are; the HTTP layer turns the kind into a status (one small
 * table in handlers/http.ts), so a new error is one class here. Messages are Danish: they reach the people
 * filling in the form.
 */
export interface FieldProblem {
  path: string;
  message: string;
}

export type ErrorKind =
  /** The request breaks a rule about its content (a field, a reused idempotency key). */
  | 'invalid'
  /** The request is not even well-formed (broken JSON), or is refused without saying why (a bot). */
  | 'bad-request'
  | 'payload-too-large'
  | 'unsupported-media'
  | 'not-found'
  /** The request is fine, but the state it meets does not allow it (closed, full, taken, cancelled). */
  | 'conflict'
  /** What was asked for existed once and is no more. */
  | 'gone'
  /** Our side could not settle it in time: retry shortly. */
  | 'busy'
  /** The caller has asked too often: retry later. */
  | 'too-many'
  | 'unauthenticated'
  | 'forbidden';

export abstract class DomainError extends Error {
  abstract readonly code: string;
  abstract readonly kind: ErrorKind;
  readonly fields: FieldProblem[] = [];
  /** For a refusal that waiting cures: how many seconds until asking again can succeed. */
  readonly retryAfterSeconds?: number;
}

export class ValidationError extends DomainError {
  readonly code = 'VALIDATION_FAILED';
  readonly kind = 'invalid';
  constructor(
    override readonly fields: FieldProblem[],
    message = 'Tilmeldingen kunne ikke modtages: ret venligst de markerede felter.',
  ) {
    super(message);
  }
}

export class CourseNotFoundError extends DomainError {
  readonly code = 'COURSE_NOT_FOUND';
  readonly kind = 'not-found';
  constructor(readonly courseId: string) {
    super('Kurset findes ikke.');
  }
}

export class SignupClosedError extends DomainError {
  readonly code = 'SIGNUP_CLOSED';
  readonly kind = 'conflict';
  constructor(deadlineText: string) {
    super(`Tilmeldingsfristen er overskredet: der kunne tilmeldes til og med ${deadlineText}.`);
  }
}

/** An address already named in as many of the course's registrations as one address may be. */
export class AddressLimitReachedError extends DomainError {
  readonly code = 'ADDRESS_LIMIT_REACHED';
  readonly kind = 'conflict';
  override readonly fields: FieldProblem[];
  constructor(path: string) {
    super(
      'E-mailadressen er allerede brugt i det højeste antal tilmeldinger til kurset. Kontakt koordinatoren, hvis det er en fejl.',
    );
    this.fields = [{ path, message: 'Denne e-mailadresse er brugt i for mange tilmeldinger til kurset.' }];
  }
}

/** Too many signups from one network address within the hour. */
export class TooManySignupsError extends DomainError {
  readonly code = 'TOO_MANY_SIGNUPS';
  readonly kind = 'too-many';
  /** When the oldest signup counted against the source leaves its 60 minutes. */
  constructor(override readonly retryAfterSeconds: number) {
    super(
      'Der er sendt mange tilmeldinger herfra den seneste time. Prøv igen senere, eller kontakt koordinatoren.',
    );
  }
}

export class AlreadyRegisteredError extends DomainError {
  readonly code = 'ALREADY_REGISTERED';
  readonly kind = 'conflict';
  override readonly fields = [
    { path: 'library.ean', message: 'Der findes allerede en tilmelding med dette EAN-nummer.' },
  ];
  constructor() {
    super('Biblioteket er allerede tilmeldt kurset. Kontakt koordinatoren, hvis tilmeldingen skal ændres.');
  }
}

/** Our side could not settle the write in time (contention); the caller may simply retry. */
export class TemporarilyUnavailableError extends DomainError {
  readonly code = 'TEMPORARILY_UNAVAILABLE';
  readonly kind = 'busy';
  constructor() {
    super('Der er travlt lige nu: prøv venligst igen om et øjeblik.');
  }
}

export class IdempotencyKeyReusedError extends DomainError {
  readonly code = 'IDEMPOTENCY_KEY_REUSED';
  readonly kind = 'invalid';
  constructor() {
    super(
      'Idempotency-Key er allerede brugt til en anden tilmelding. Brug en ny nøgle til en ny tilmelding.',
    );
  }
}

/** The form's honeypot field was filled in: a bot. Refused plainly, so a person who hit it can still call. */
export class SuspectedBotError extends DomainError {
  readonly code = 'REJECTED';
  readonly kind = 'bad-request';
  constructor() {
    super('Tilmeldingen kunne ikke modtages. Kontakt kursets koordinator, hvis du mener, det er en fejl.');
  }
}

export class RegistrationNotFoundError extends DomainError {
  readonly code = 'REGISTRATION_NOT_FOUND';
  readonly kind = 'not-found';
  constructor() {
    super('Tilmeldingen findes ikke på dette kursus.');
  }
}

export class InvoiceNotFoundError extends DomainError {
  readonly code = 'INVOICE_NOT_FOUND';
  readonly kind = 'not-found';
  constructor() {
    super('Fakturaen eller kreditnotaen findes ikke.');
  }
}

export class RegistrationCancelledError extends DomainError {
  readonly code = 'REGISTRATION_CANCELLED';
  readonly kind = 'conflict';
  constructor() {
    super('Tilmeldingen er afmeldt og kan ikke ændres.');
  }
}

export class PersonalDataRemovedError extends DomainError {
  readonly code = 'PERSONAL_DATA_REMOVED';
  readonly kind = 'conflict';
  constructor() {
    super('Kurset er slut, og deltagernes persondata er slettet: tilmeldingen kan ikke længere ændres.');
  }
}

/** A visit slot that cannot be booked (taken, past or unknown): the library picks another. */
export class VisitSlotUnavailableError extends DomainError {
  readonly code = 'VISIT_SLOT_UNAVAILABLE';
  readonly kind = 'conflict';
  override readonly fields: FieldProblem[];
  constructor(reason: string) {
    super(`Tiden kan ikke bookes: ${reason}`);
    this.fields = [{ path: 'slotId', message: reason }];
  }
}

export class CapacityExceededError extends DomainError {
  readonly code = 'CAPACITY_EXCEEDED';
  readonly kind = 'conflict';
  override readonly fields = [
    { path: 'participants', message: 'Der er ikke plads til flere deltagere på kurset.' },
  ];
  constructor() {
    super(
      'Der er ikke plads til så mange deltagere på kurset. Fjern nogen, eller sæt tilmeldingen på venteliste.',
    );
  }
}

/** A link from a mail that opens nothing (mistyped, or its course's data has been removed). */
export class LinkNotFoundError extends DomainError {
  readonly code = 'LINK_NOT_FOUND';
  readonly kind = 'not-found';
  constructor() {
    super(
      'Linket er ikke gyldigt. Brug linket i den seneste mail fra kursets tovholder, eller skriv til tovholderen.',
    );
  }
}
