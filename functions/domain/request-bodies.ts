import * as z from 'zod/mini';

/**
 * The JSON bodies of the coordinator's requests, as the use cases parse them (each with its own Danish
 * refusal). Here rather than beside the use cases so that the route table can declare them for the OpenAPI
 * document without every Lambda bundling every use case. The signup's, the course's and the case's bodies
 * live with their rules (registration.ts, course.ts, case-work.ts).
 */

const REASON_MAX = 500;

/** Cancelling: an optional reason, nothing else. */
export const cancelBodySchema = z.strictObject({
  reason: z.optional(
    z
      .string({ error: 'Begrundelsen skal være tekst.' })
      .check(z.trim(), z.maxLength(REASON_MAX, { error: `Begrundelsen må højst være ${REASON_MAX} tegn.` })),
  ),
});

/** Changing participants: the new list, checked afterwards exactly as at signup. */
export const changeParticipantsBodySchema = z.strictObject({ participants: z.unknown() });

export const RESEND_WHAT_MESSAGE =
  'Angiv hvilken mail: "confirmation" (bekræftelsen) eller "invoice" (fakturaen).';

/** Sending a mail again: which one. */
export const resendBodySchema = z.object({
  what: z.enum(['confirmation', 'invoice'], { error: RESEND_WHAT_MESSAGE }),
});

const groupShape = z.strictObject({
  members: z.array(z.string().check(z.maxLength(100))).check(z.maxLength(100)),
  hostRegistrationId: z.string().check(z.maxLength(100)),
  date: z.string().check(z.maxLength(10)),
  start: z.string().check(z.maxLength(5)),
});

/** The guidance groups, saved as a whole. */
export const groupsBodySchema = z.object({ groups: z.array(groupShape).check(z.maxLength(100)) });

/** Who was present at one session. */
export const attendanceBodySchema = z.object({
  present: z.array(z.string().check(z.maxLength(64))).check(z.maxLength(2000)),
});

/** The visit round's slots, published as a whole; the list is checked afterwards by visit-round.ts. */
export const visitSlotsBodySchema = z.object({ slots: z.unknown() });

/** A library's visit: the slot it books (by the coordinator, or by the library through its link). */
export const visitBookingBodySchema = z.object({
  slotId: z.string().check(z.minLength(1), z.maxLength(40)),
});
