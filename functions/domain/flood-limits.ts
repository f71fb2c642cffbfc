import type { RegistrationInput } from './registration.ts';

/**
 * The public POST must not become a way to flood someone's inbox (OWASP API4): every registration mails
 * each address in it, and EANs with valid check digits are easy to make up. So an address may be used in
 * a handful of a course's registrations (a contact person with several branch libraries stays well
 * within it), and one network address may sign up only so often within any 60 minutes. The form's
 * honeypot, and API Gateway's limit on the route, come first.
 */
export interface FloodLimits {
  /** Registrations of one course that may name the same e-mail address, in any role. */
  registrationsPerAddress: number;
  /** Signups accepted from one source IP address within any 60 minutes (not per clock hour). */
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

/** The window the per-source limit holds over: any 60 minutes, wherever they start. */
export const SOURCE_WINDOW_MS = 60 * 60 * 1000;

/** One signup counted against a source: an id of its own (never the registration's) and its instant (epoch ms). */
export interface SourceSignup {
  id: string;
  at: number;
}

export type SourceDecision =
  /**
   * Count this signup. The stored list may be written only while it holds fewer than `storedBelow`
   * signups and still holds every one in `forget`: the limit then holds whatever was written since the
   * read, without a version to collide on. The ones in `forget` have left the window and go with it.
   */
  | { kind: 'count'; forget: string[]; storedBelow: number; expiresAt: Date }
  /** Refused: the earliest moment the window has room again is this many whole seconds away. */
  | { kind: 'refuse'; retryAfterSeconds: number };

/**
 * Whether one more signup from a source fits in the 60 minutes before `now`. A clock-hour counter would
 * let a burst at 09.59 and another at 10.00 through; keeping the instants themselves makes the limit hold
 * over every window, and says exactly when the oldest counted signup leaves it. The item expires when the
 * newest signup has left the window, as nothing in it counts any more then.
 */
export function decideSourceSignup(
  recent: SourceSignup[],
  now: Date,
  max: number,
  windowMs: number = SOURCE_WINDOW_MS,
): SourceDecision {
  const at = now.getTime();
  const inWindow = (signup: SourceSignup) => signup.at > at - windowMs;
  const counted = recent
    .filter(inWindow)
    .map((signup) => signup.at)
    .sort((a, b) => a - b);
  if (counted.length >= max) {
    // Room again when all but max - 1 of the counted signups have left: the (n - max)th oldest is the last to go.
    const leaving = counted[counted.length - max] ?? at;
    return { kind: 'refuse', retryAfterSeconds: Math.max(1, Math.ceil((leaving + windowMs - at) / 1000)) };
  }
  const forget = recent.filter((signup) => !inWindow(signup)).map((signup) => signup.id);
  return { kind: 'count', forget, storedBelow: max + forget.length, expiresAt: new Date(at + windowMs) };
}
