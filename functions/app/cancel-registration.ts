import { RegistrationNotFoundError } from '#domain/errors.ts';
import { isRegistrationId } from '#domain/identifiers.ts';
import { findCourse } from './find-course.ts';
import type { Clock, FulfilmentStore, RegistrationStore } from './ports.ts';

export interface CancelDeps {
  store: RegistrationStore & Pick<FulfilmentStore, 'getRegistration' | 'cancelRegistration'>;
  clock: Clock;
}

const ATTEMPTS = 5;

/**
 * Cancels a registration. Only state changes here, in one transaction; the credit note, the mails and
 * moving the waitlist up are owed work the stream handler does. Cancelling a cancelled registration
 * changes nothing and answers the same, so a double click or a retry is harmless.
 */
export async function cancelRegistration(deps: CancelDeps, courseId: string, registrationId: string) {
  await findCourse(deps.store, courseId);
  if (!isRegistrationId(registrationId)) throw new RegistrationNotFoundError();
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const registration = await deps.store.getRegistration(courseId, registrationId);
    if (!registration) throw new RegistrationNotFoundError();
    if (registration.status === 'cancelled') {
      return { id: registration.id, status: registration.status, cancelledAt: registration.cancelledAt };
    }
    const at = deps.clock.now();
    // 'changed': confirmed, invoiced or cancelled by someone else since the read: read again and decide anew.
    if ((await deps.store.cancelRegistration(registration, at)) === 'cancelled') {
      return { id: registration.id, status: 'cancelled' as const, cancelledAt: at.toISOString() };
    }
  }
  throw new Error(`registration ${registrationId} kept changing while being cancelled`);
}
