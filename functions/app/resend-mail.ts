import { randomUUID } from 'node:crypto';
import {
  PersonalDataRemovedError,
  RegistrationCancelledError,
  RegistrationNotFoundError,
  ValidationError,
} from '#domain/errors.ts';
import { isRegistrationId } from '#domain/identifiers.ts';
import { RESEND_WHAT_MESSAGE, resendBodySchema } from '#domain/request-bodies.ts';
import { personalDataGone } from '#domain/retention.ts';
import { danishMessages } from '#domain/validation-messages.ts';
import { findCourse } from './find-course.ts';
import type { Clock, CourseCatalogue, Registrations, ResendRequest } from './ports.ts';

export interface ResendDeps {
  store: CourseCatalogue & Pick<Registrations, 'getRegistration' | 'requestResend'>;
  clock: Clock;
}

/**
 * Asks for the confirmation (or waitlist confirmation) or the standing invoice to be sent again. The
 * request is recorded under its id (the Idempotency-Key, so a double click sends once) and the stream
 * handler sends it; it shows in the mail history like any mail.
 */
export async function resendMail(
  deps: ResendDeps,
  courseId: string,
  registrationId: string,
  body: unknown,
  idempotencyKey?: string,
) {
  if (!isRegistrationId(registrationId)) throw new RegistrationNotFoundError();
  const parsed = resendBodySchema.safeParse(body, { error: danishMessages });
  if (!parsed.success) throw new ValidationError([{ path: 'what', message: RESEND_WHAT_MESSAGE }]);
  if (idempotencyKey !== undefined && !/^[\w-]{8,100}$/.test(idempotencyKey)) {
    throw new ValidationError([
      { path: 'Idempotency-Key', message: 'Nøglen skal være 8-100 tegn: bogstaver, tal, - og _.' },
    ]);
  }
  await findCourse(deps.store, courseId);
  const registration = await deps.store.getRegistration(courseId, registrationId);
  if (!registration) throw new RegistrationNotFoundError();
  if (registration.status === 'cancelled') throw new RegistrationCancelledError();
  if (personalDataGone(registration)) throw new PersonalDataRemovedError();
  if (parsed.data.what === 'invoice' && !registration.invoiceNumber) {
    throw new ValidationError([{ path: 'what', message: 'Tilmeldingen har ingen faktura at sende igen.' }]);
  }
  const answer = (resend: ResendRequest) => ({
    registration: {
      id: registration.id,
      status: registration.status,
      invoiceNumber: registration.invoiceNumber,
    },
    resend,
  });
  // A repeated request (same key) is the request already recorded, whatever its body says this time.
  const earlier = registration.resendRequests?.find((r) => r.id === idempotencyKey);
  if (earlier) return answer(earlier);
  const request = {
    id: idempotencyKey ?? randomUUID(),
    what: parsed.data.what,
    at: deps.clock.now().toISOString(),
  };
  await deps.store.requestResend(registration, request);
  return answer(request);
}
