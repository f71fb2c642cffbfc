/**
 * Domain errors are classes so the one HTTP mapping can match them by `instanceof`. Messages are Danish:
 * they reach the people filling in the form.
 */
export interface FieldProblem {
  path: string;
  message: string;
}

export abstract class DomainError extends Error {
  abstract readonly code: string;
  readonly fields: FieldProblem[] = [];
}

export class ValidationError extends DomainError {
  readonly code = 'VALIDATION_FAILED';
  constructor(
    override readonly fields: FieldProblem[],
    message = 'Tilmeldingen kunne ikke modtages: ret venligst de markerede felter.',
  ) {
    super(message);
  }
}

export class CourseNotFoundError extends DomainError {
  readonly code = 'COURSE_NOT_FOUND';
  constructor(readonly courseId: string) {
    super('Kurset findes ikke.');
  }
}

export class SignupClosedError extends DomainError {
  readonly code = 'SIGNUP_CLOSED';
  constructor(deadlineText: string) {
    super(`Tilmeldingsfristen er overskredet: der kunne tilmeldes til og med ${deadlineText}.`);
  }
}

/** An address already named in as many of the course's registrations as one address may be. */
export class AddressLimitReachedError extends DomainError {
  readonly code = 'ADDRESS_LIMIT_REACHED';
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
  constructor() {
    super(
      'Der er sendt mange tilmeldinger herfra den seneste time. Prøv igen senere, eller kontakt koordinatoren.',
    );
  }
}

export class AlreadyRegisteredError extends DomainError {
  readonly code = 'ALREADY_REGISTERED';
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
  constructor() {
    super('Der er travlt lige nu: prøv venligst igen om et øjeblik.');
  }
}

export class IdempotencyKeyReusedError extends DomainError {
  readonly code = 'IDEMPOTENCY_KEY_REUSED';
  constructor() {
    super(
      'Idempotency-Key er allerede brugt til en anden tilmelding. Brug en ny nøgle til en ny tilmelding.',
    );
  }
}

/** The form's honeypot field was filled in: a bot. Refused plainly, so a person who hit it can still call. */
export class SuspectedBotError extends DomainError {
  readonly code = 'REJECTED';
  constructor() {
    super('Tilmeldingen kunne ikke modtages. Kontakt kursets koordinator, hvis du mener, det er en fejl.');
  }
}

export class RegistrationNotFoundError extends DomainError {
  readonly code = 'REGISTRATION_NOT_FOUND';
  constructor() {
    super('Tilmeldingen findes ikke på dette kursus.');
  }
}

export class InvoiceNotFoundError extends DomainError {
  readonly code = 'INVOICE_NOT_FOUND';
  constructor() {
    super('Fakturaen eller kreditnotaen findes ikke.');
  }
}

export class RegistrationCancelledError extends DomainError {
  readonly code = 'REGISTRATION_CANCELLED';
  constructor() {
    super('Tilmeldingen er afmeldt og kan ikke ændres.');
  }
}

export class PersonalDataRemovedError extends DomainError {
  readonly code = 'PERSONAL_DATA_REMOVED';
  constructor() {
    super('Kurset er slut, og deltagernes persondata er slettet: tilmeldingen kan ikke længere ændres.');
  }
}

/** A visit slot that cannot be booked (taken, past or unknown): the library picks another. */
export class VisitSlotUnavailableError extends DomainError {
  readonly code = 'VISIT_SLOT_UNAVAILABLE';
  override readonly fields: FieldProblem[];
  constructor(reason: string) {
    super(`Tiden kan ikke bookes: ${reason}`);
    this.fields = [{ path: 'slotId', message: reason }];
  }
}

export class CapacityExceededError extends DomainError {
  readonly code = 'CAPACITY_EXCEEDED';
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
  constructor() {
    super(
      'Linket er ikke gyldigt. Brug linket i den seneste mail fra kursets tovholder, eller skriv til tovholderen.',
    );
  }
}
