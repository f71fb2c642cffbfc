import type { Course } from '#domain/course.ts';
import { priceRegistration } from '#domain/pricing.ts';
import { parseRegistration, type Registration } from '#domain/registration.ts';
import { registrationBody, seedCourse } from './fixtures.ts';

export interface RegistrationOptions {
  /** The course the registration is for and priced by; the seed course unless given. */
  course?: Course;
  /** How many participants `registrationBody` makes; ignored when `participants` is overridden. */
  participantCount?: number;
  /** Overrides of the request body before it is validated (e.g. a library with another name). */
  body?: Record<string, unknown>;
}

/**
 * A stored registration as the register use case makes it: the validated body, the system's fields and the
 * price, which always follows the final participant list unless `price` itself is overridden.
 */
export function aRegistration(
  overrides: Partial<Registration> = {},
  { course = seedCourse(), participantCount = 1, body = {} }: RegistrationOptions = {},
): Registration {
  const input = parseRegistration(registrationBody(body, participantCount), course);
  const registration = {
    ...input,
    id: 'reg-01HQZ8Y3K2M4N5P6Q7R8S9T0VW',
    courseId: course.id,
    status: 'confirmed' as const,
    createdAt: '2016-01-20T09:00:00.000Z',
    ...overrides,
  };
  return {
    ...registration,
    price: overrides.price ?? priceRegistration(course, registration.participants.length),
    pricing: overrides.pricing ?? course.pricing,
  };
}
