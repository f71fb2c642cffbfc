import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import { RegistrationCancelledError, RegistrationNotFoundError, ValidationError } from '#domain/errors.ts';
import { isRegistrationId } from '#domain/identifiers.ts';
import { findCourse } from './find-course.ts';
import type { Clock, FulfilmentStore, RegistrationStore } from './ports.ts';

export interface ResendDeps {
  store: RegistrationStore & Pick<FulfilmentStore, 'getRegistration' | 'requestResend'>;
  clock: Clock;
}

const bodySchema = z.object({
  what: z.enum(['confirmation', 'invoice'], { error: 'Vælg confirmation eller invoice.' }),
});

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
  await findCourse(deps.store, courseId);
  if (!isRegistrationId(registrationId)) throw new RegistrationNotFoundError();
  const parsed = bodySchema.safeParse(body);
  if (!parsed.success)
    throw new ValidationError([{ path: 'what', message: 'Vælg confirmation eller invoice.' }]);
  if (idempotencyKey !== undefined && !/^[\w-]{8,100}$/.test(idempotencyKey)) {
    throw new ValidationError([
      { path: 'Idempotency-Key', message: 'Nøglen skal være 8-100 tegn: bogstaver, tal, - og _.' },
    ]);
  }
  const registration = await deps.store.getRegistration(courseId, registrationId);
  if (!registration) throw new RegistrationNotFoundError();
  if (registration.status === 'cancelled') throw new RegistrationCancelledError();
  if (parsed.data.what === 'invoice' && !registration.invoiceNumber) {
    throw new ValidationError([{ path: 'what', message: 'Tilmeldingen har ingen faktura at sende igen.' }]);
  }
  const request = {
    id: idempotencyKey ?? randomUUID(),
    what: parsed.data.what,
    at: deps.clock.now().toISOString(),
  };
  await deps.store.requestResend(registration, request);
  return { id: registration.id, resend: request };
}
