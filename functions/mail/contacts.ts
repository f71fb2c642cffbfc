import type { ContactAddresses, Course } from '#domain/course.ts';
import { type Block, mailto, paragraph } from './blocks.ts';

/** A course contact as mails show it: the address comes from runtime configuration, never from course data. */
export type CourseContact = Course['contacts'][number] & { email?: string };

export function courseContacts(course: Course, addresses: ContactAddresses): CourseContact[] {
  return course.contacts.map((contact) => {
    const email = addresses[contact.role];
    return email ? { ...contact, email } : { ...contact };
  });
}

/**
 * The person practical questions go to. A course without a coordinator still has someone to sign its mails:
 * its first contact (the schema guarantees at least one).
 */
export function coordinatorOf(contacts: readonly CourseContact[]): CourseContact | undefined {
  return contacts.find((c) => c.role === 'coordinator') ?? contacts[0];
}

/** Where questions go; without a configured address the person is still named. */
export function askCoordinator(
  contacts: readonly CourseContact[],
  lead = 'Har du spørgsmål, er du velkommen til at kontakte',
): Block[] {
  const coordinator = coordinatorOf(contacts);
  if (!coordinator) return [];
  const who = `${coordinator.name}, ${coordinator.title}`;
  return [
    paragraph(coordinator.email ? [`${lead} ${who}, `, mailto(coordinator.email), '.'] : `${lead} ${who}.`),
  ];
}

export function signOff(course: Course, contacts: readonly CourseContact[]): Block {
  const coordinator = coordinatorOf(contacts);
  const signer = coordinator ? `${coordinator.name}\n${coordinator.title}` : course.organiser.name;
  return paragraph(`Med venlig hilsen\n${signer}`);
}
