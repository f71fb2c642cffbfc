import {
  CapacityExceededError,
  PersonalDataRemovedError,
  RegistrationCancelledError,
  RegistrationNotFoundError,
  ValidationError,
} from '#domain/errors.ts';
import { isRegistrationId } from '#domain/identifiers.ts';
import { priceRegistration } from '#domain/pricing.ts';
import { type ParticipantInput, parseParticipants } from '#domain/registration.ts';
import { changeParticipantsBodySchema } from '#domain/request-bodies.ts';
import { personalDataGone } from '#domain/retention.ts';
import { danishMessages } from '#domain/validation-messages.ts';
import { findCourse } from './find-course.ts';
import type { Clock, CourseCatalogue, Registrations, StoredRegistration } from './ports.ts';

export interface ChangeDeps {
  store: CourseCatalogue & Pick<Registrations, 'getRegistration' | 'changeParticipants'>;
  clock: Clock;
}

const ATTEMPTS = 5;

/**
 * Replaces a registration's participants (add, remove, replace; before or after the deadline). The list is
 * checked exactly as at signup, the price follows from the prices quoted then, and one transaction
 * writes list, price and counters and, if an invoice stands and the price moved, leaves it to be
 * credited: the stream handler then issues the credit note and a new invoice and sends the mails.
 * Saving the list the registration already has changes nothing, so a double click sends no second mail.
 */
export async function changeParticipants(
  deps: ChangeDeps,
  courseId: string,
  registrationId: string,
  body: unknown,
) {
  if (!isRegistrationId(registrationId)) throw new RegistrationNotFoundError();
  const parsed = changeParticipantsBodySchema.safeParse(body, { error: danishMessages });
  if (!parsed.success) {
    throw new ValidationError(
      parsed.error.issues.flatMap((issue) =>
        issue.code === 'unrecognized_keys'
          ? issue.keys.map((key) => ({ path: key, message: 'Ukendt felt: kun participants kan angives.' }))
          : [{ path: 'participants', message: 'Angiv deltagerne som {"participants": [...]}.' }],
      ),
    );
  }
  const { course } = await findCourse(deps.store, courseId);
  const participants = parseParticipants(parsed.data.participants, course);
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const registration = await deps.store.getRegistration(courseId, registrationId);
    if (!registration) throw new RegistrationNotFoundError();
    if (registration.status === 'cancelled') throw new RegistrationCancelledError();
    if (personalDataGone(registration)) throw new PersonalDataRemovedError();
    if (sameList(registration.participants, participants)) return answer(registration);
    // The prices quoted at signup, snapshotted on the registration: a course's later prices do not apply.
    const price = priceRegistration(registration, participants.length);
    const outcome = await deps.store.changeParticipants(registration, {
      participants,
      price,
      capacity: course.capacity?.participants,
      at: deps.clock.now(),
    });
    if (outcome === 'no-room') throw new CapacityExceededError();
    if (outcome === 'saved') {
      // A standing invoice for another total is left to be credited: none stands until the new one.
      const invoiceNumber = price.total === registration.price.total ? registration.invoiceNumber : undefined;
      return answer({ ...registration, participants, price, invoiceNumber });
    }
  }
  throw new Error(`registration ${registrationId} kept changing while its participants were being changed`);
}

function answer(registration: StoredRegistration) {
  const { id, status, participants, price, invoiceNumber } = registration;
  return { id, status, participants, price, invoiceNumber };
}

/** Field by field: the stored list comes back from the table with its keys in another order. */
function sameList(stored: readonly ParticipantInput[], next: readonly ParticipantInput[]): boolean {
  const line = (p: ParticipantInput) => [p.name, p.email, p.jobTitle ?? '', p.dietaryNeeds ?? ''].join('\n');
  return (
    stored.length === next.length && stored.every((p, i) => line(p) === line(next[i] as ParticipantInput))
  );
}
