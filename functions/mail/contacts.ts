import type { ContactAddresses, Course } from '#domain/course.ts';

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
