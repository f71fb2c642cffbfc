import type { RegistrationInput } from './registration.ts';

/**
 * The public POST must not become a way to flood someone's inbox (OWASP API4): every registration mails
 * each address in it, and EANs with valid check digits are easy to make up. So an address may be used in
 * a handful of a course's registrations (a contact person with several branch libraries stays well
 * within it), and one network address may sign up only so often per hour. The form's honeypot, and API
 * Gateway's limit on the route, come first.
 */
export interface FloodLimits {
  /** Registrations of one course that may name the same e-mail address, in any role. */
  registrationsPerAddress: number;
  /** Signups accepted from one source IP address within one clock hour. */
  signupsPerSourcePerHour: number;
}

export const FLOOD_LIMITS: FloodLimits = {
  registrationsPerAddress: 5,
  signupsPerSourcePerHour: 20,
};

/** Every address a registration mails, once each, with the first field that names it. */
export function mailedAddresses(input: RegistrationInput): { address: string; path: string }[] {
  const named: [string | undefined, string][] = [
    [input.contact.email, 'contact.email'],
    [input.leader.email, 'leader.email'],
    [input.invoiceEmail, 'invoiceEmail'],
    ...input.participants.map((p, i): [string, string] => [p.email, `participants.${i}.email`]),
  ];
  const seen = new Map<string, string>();
  for (const [address, path] of named) {
    if (address !== undefined && !seen.has(address)) seen.set(address, path);
  }
  return [...seen].map(([address, path]) => ({ address, path }));
}

/** The clock hour a signup falls in (UTC), which names its source's counter. */
export function signupHour(now: Date): string {
  return now.toISOString().slice(0, 13);
}
