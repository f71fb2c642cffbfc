import type { RegistrationReceipt } from '#domain/registration.ts';

/**
 * What this browser tab remembers about one course's form, in sessionStorage (the tab's own, gone when
 * it closes): the form's idempotency key, the body while it is being sent, and the receipt once it came.
 * A reload in the middle therefore resends the same body under the same key, and a reload after the
 * receipt shows the receipt again instead of an empty form.
 */
export interface SubmissionMemory {
  idempotencyKey: string;
  pending?: unknown;
  receipt?: { receipt: RegistrationReceipt; body: unknown };
}

const storageKey = (courseId: string) => `kursus-tilmelding:${courseId}`;

export function recall(courseId: string): SubmissionMemory {
  try {
    const stored = sessionStorage.getItem(storageKey(courseId));
    if (stored) {
      const memory = JSON.parse(stored) as SubmissionMemory;
      if (typeof memory.idempotencyKey === 'string') return memory;
    }
  } catch {
    // Storage switched off or garbled: a fresh form still works, it just cannot survive a reload.
  }
  return remember(courseId, { idempotencyKey: crypto.randomUUID() });
}

export function remember(courseId: string, memory: SubmissionMemory): SubmissionMemory {
  try {
    sessionStorage.setItem(storageKey(courseId), JSON.stringify(memory));
  } catch {
    // See recall(): without storage the page works for as long as it stays open.
  }
  return memory;
}

/** A new, empty form with a key of its own (after a receipt, for the next library at this desk). */
export function forget(courseId: string): SubmissionMemory {
  return remember(courseId, { idempotencyKey: crypto.randomUUID() });
}
