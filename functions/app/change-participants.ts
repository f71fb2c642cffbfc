import * as z from 'zod';
import {
  CapacityExceededError,
  RegistrationCancelledError,
  RegistrationNotFoundError,
  ValidationError,
} from '#domain/errors.ts';
import { isRegistrationId } from '#domain/identifiers.ts';
import { priceRegistration } from '#domain/pricing.ts';
import { parseRegistration, type RegistrationInput } from '#domain/registration.ts';
import { findCourse } from './find-course.ts';
import type { Clock, FulfilmentStore, RegistrationStore, StoredRegistration } from './ports.ts';

export interface ChangeDeps {
  store: RegistrationStore & Pick<FulfilmentStore, 'getRegistration' | 'changeParticipants'>;
  clock: Clock;
}

const ATTEMPTS = 5;
const bodySchema = z.looseObject({ participants: z.unknown() });

/**
 * Replaces a registration's participants (add, remove, replace; before or after the deadline). The list is
 * checked exactly as at signup, the price follows from the prices quoted then, and one transaction
 * writes list, price and counters and, if an invoice stands and the price moved, leaves it to be
 * credited: the stream handler then issues the credit note and a new invoice and sends the mails.
 */
export async function changeParticipants(
  deps: ChangeDeps,
  courseId: string,
  registrationId: string,
  body: unknown,
) {
  const { course } = await findCourse(deps.store, courseId);
  if (!isRegistrationId(registrationId)) throw new RegistrationNotFoundError();
  const parsed = bodySchema.safeParse(body);
  if (!parsed.success)
    throw new ValidationError([{ path: 'participants', message: 'Angiv deltagerne som en liste.' }]);
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const registration = await deps.store.getRegistration(courseId, registrationId);
    if (!registration) throw new RegistrationNotFoundError();
    if (registration.status === 'cancelled') throw new RegistrationCancelledError();
    const { participants } = parseRegistration(
      { ...inputOf(registration), participants: parsed.data.participants },
      course,
    );
    const price = priceRegistration(registration, participants.length);
    const outcome = await deps.store.changeParticipants(registration, {
      participants,
      price,
      capacity: course.capacity?.participants,
      at: deps.clock.now(),
    });
    if (outcome === 'no-room') throw new CapacityExceededError();
    if (outcome === 'changed') continue;
    return { id: registration.id, status: registration.status, participants, price };
  }
  throw new Error(`registration ${registrationId} kept changing while its participants were being changed`);
}

/** The registration as the signup body it came from, so the same validation applies to a change. */
function inputOf(registration: StoredRegistration): RegistrationInput {
  const { library, contact, leader, participants, invoiceEmail, invoiceReference, comment } = registration;
  return {
    library,
    contact,
    leader,
    participants,
    invoiceReference,
    consent: true,
    ...(invoiceEmail && { invoiceEmail }),
    ...(comment && { comment }),
  };
}
