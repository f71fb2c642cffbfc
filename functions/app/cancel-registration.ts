import { PersonalDataRemovedError, RegistrationNotFoundError, ValidationError } from '#domain/errors.ts';
import { isRegistrationId } from '#domain/identifiers.ts';
import { cancelBodySchema } from '#domain/request-bodies.ts';
import { personalDataGone } from '#domain/retention.ts';
import { danishMessages } from '#domain/validation-messages.ts';
import { findCourse } from './find-course.ts';
import type { Clock, CourseCatalogue, Registrations, StoredRegistration } from './ports.ts';

export interface CancelDeps {
  store: CourseCatalogue & Pick<Registrations, 'getRegistration' | 'cancelRegistration'>;
  clock: Clock;
}

const ATTEMPTS = 5;

/**
 * Cancels a registration. Only state changes here, in one transaction; the credit note, the mails and
 * moving the waitlist up are owed work the stream handler does. Cancelling a cancelled registration
 * changes nothing and answers as the first cancel did: a double click or a retried request is harmless,
 * and the coordinator sees the state she asked for rather than an error about her own first click.
 */
export async function cancelRegistration(
  deps: CancelDeps,
  courseId: string,
  registrationId: string,
  body: unknown = {},
) {
  if (!isRegistrationId(registrationId)) throw new RegistrationNotFoundError();
  const reason = parseBody(body);
  await findCourse(deps.store, courseId);
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const registration = await deps.store.getRegistration(courseId, registrationId);
    if (!registration) throw new RegistrationNotFoundError();
    if (registration.status === 'cancelled') return answer(registration);
    if (personalDataGone(registration)) throw new PersonalDataRemovedError();
    const at = deps.clock.now();
    // 'changed': confirmed, invoiced, changed or cancelled by someone else since the read: decide anew.
    if ((await deps.store.cancelRegistration(registration, { at, reason })) === 'cancelled') {
      return answer({ ...registration, status: 'cancelled', cancelledAt: at.toISOString() });
    }
  }
  throw new Error(`registration ${registrationId} kept changing while being cancelled`);
}

function parseBody(body: unknown): string | undefined {
  const parsed = cancelBodySchema.safeParse(body, { error: danishMessages });
  if (parsed.success) return parsed.data.reason || undefined;
  throw new ValidationError(
    parsed.error.issues.flatMap((issue) =>
      issue.code === 'unrecognized_keys'
        ? issue.keys.map((key) => ({ path: key, message: 'Ukendt felt: kun reason kan angives.' }))
        : issue.path.length === 0
          ? [{ path: '', message: 'Angiv et JSON-objekt, fx {"reason": "…"}, eller ingen krop.' }]
          : [{ path: issue.path.join('.'), message: issue.message }],
    ),
  );
}

function answer(registration: StoredRegistration) {
  const { id, status, cancelledAt, participants, price } = registration;
  return { id, status, cancelledAt, participants, price };
}
