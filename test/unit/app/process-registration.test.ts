import { describe, expect, it } from 'vitest';
import type { MailClaim, MailHistoryEntry, StoredInvoice, StoredRegistration } from '#app/ports.ts';
import { type FulfilmentDeps, processRegistration, sweep } from '#app/process-registration.ts';
import { renderInvoicePdf } from '../../../functions/documents/invoice-pdf.ts';
import { seedCourse } from '../../support/fixtures.ts';
import { aRegistration } from '../../support/registrations.ts';

/** An in-memory store with the same contract as the DynamoDB one, and switches to make steps fail. */
function fakeStore(registration: StoredRegistration) {
  const mails = new Map<string, 'claimed' | 'sent'>();
  const invoices = new Map<string, StoredInvoice>();
  let current: StoredRegistration = { ...registration };
  let nextNumber = 1;
  const store = {
    /** How many attempts at recording a sent mail fail before one succeeds. */
    recordingFailures: 0,
    postponed: [] as string[],
    mails,
    get registration() {
      return current;
    },
    getCourse: async () => ({
      course: seedCourse(),
      counters: {
        confirmedLibraries: 1,
        confirmedParticipants: 1,
        waitlistedLibraries: 0,
        waitlistedParticipants: 0,
      },
    }),
    getRegistration: async () => ({ ...current }),
    getInvoice: async (number: string) => invoices.get(number),
    issueInvoice: async (_r: StoredRegistration, _series: string, render: (n: number) => StoredInvoice) => {
      if (current.invoiceNumber) return invoices.get(current.invoiceNumber) as StoredInvoice;
      const issued = render(nextNumber++);
      invoices.set(issued.invoice.number, issued);
      current = { ...current, invoiceNumber: issued.invoice.number };
      return issued;
    },
    claimMail: async (key: string): Promise<MailClaim> => {
      const state = mails.get(key);
      if (state === 'sent') return 'already-sent';
      if (state === 'claimed') return 'claimed-by-another';
      mails.set(key, 'claimed');
      return 'claimed';
    },
    recordMailSent: async (entry: MailHistoryEntry) => {
      if (store.recordingFailures > 0) {
        store.recordingFailures--;
        throw new Error('ProvisionedThroughputExceededException');
      }
      mails.set(entry.dedupeKey, 'sent');
    },
    releaseMail: async (key: string) => {
      if (mails.get(key) === 'claimed') mails.delete(key);
    },
    settle: async () => {
      current = { ...current, owed: false };
    },
    postpone: async (key: { registrationId: string }) => {
      store.postponed.push(key.registrationId);
    },
    listOwed: async () => (current.owed ? [{ courseId: current.courseId, registrationId: current.id }] : []),
  };
  return store;
}

function depsWith(store: ReturnType<typeof fakeStore>, failSends = 0) {
  const sent: string[] = [];
  let failuresLeft = failSends;
  const deps = {
    store,
    clock: { now: () => new Date('2016-01-20T10:00:00+01:00') },
    mailer: {
      sendRaw: async ({ to }: { to: string[] }) => {
        if (failuresLeft-- > 0) throw new Error('Throttling');
        sent.push(to.join(','));
        return `msg-${sent.length}`;
      },
    },
    senderAddress: 'kursus@example.dk',
    renderPdf: renderInvoicePdf,
    seller: { cvr: '29189781', bankRegNo: '1234', bankAccountNo: '12345678' },
    contactAddresses: { coordinator: 'koordinator@example.dk' },
  } as unknown as FulfilmentDeps;
  return { deps, sent };
}

const owedRegistration = () => ({ ...aRegistration(), owed: true, owedVersion: 1 }) as StoredRegistration;

describe('finishing a registration', () => {
  it('sends confirmation, welcome and invoice once, then settles', async () => {
    const store = fakeStore(owedRegistration());
    const { deps, sent } = depsWith(store);
    await processRegistration(deps, { courseId: 'samskabelse-2016', registrationId: store.registration.id });
    await processRegistration(deps, { courseId: 'samskabelse-2016', registrationId: store.registration.id });
    expect(sent).toEqual(['anne@example.dk', 'deltager1@example.dk', 'faktura@example.dk']);
    expect(store.registration).toMatchObject({ owed: false, invoiceNumber: 'KURSUS-0001' });
  });

  it('rides out a brief failure to record a send, without sending it again', async () => {
    const store = fakeStore(owedRegistration());
    store.recordingFailures = 2;
    const { deps, sent } = depsWith(store);
    await processRegistration(deps, { courseId: 'samskabelse-2016', registrationId: store.registration.id });
    expect(sent).toEqual(['anne@example.dk', 'deltager1@example.dk', 'faktura@example.dk']);
    expect(store.registration.owed).toBe(false);
  });

  it('does not send again when recording a send keeps failing after SES accepted it', async () => {
    const store = fakeStore(owedRegistration());
    store.recordingFailures = 100;
    const { deps, sent } = depsWith(store);
    const key = { courseId: 'samskabelse-2016', registrationId: store.registration.id };
    await expect(processRegistration(deps, key)).rejects.toThrow();
    // The claim was kept: a retry treats the confirmation as in flight instead of sending it twice.
    await expect(processRegistration(deps, key)).rejects.toThrow(/being sent by another worker/);
    expect(sent).toEqual(['anne@example.dk']);
  });

  it('gives the claim back when SES refuses, so the next attempt sends', async () => {
    const store = fakeStore(owedRegistration());
    const { deps, sent } = depsWith(store, 1);
    const key = { courseId: 'samskabelse-2016', registrationId: store.registration.id };
    await expect(processRegistration(deps, key)).rejects.toThrow('Throttling');
    await processRegistration(deps, key);
    expect(sent).toEqual(['anne@example.dk', 'deltager1@example.dk', 'faktura@example.dk']);
  });

  it('never invoices a waitlisted registration', async () => {
    const store = fakeStore({ ...owedRegistration(), status: 'waitlisted' });
    const { deps, sent } = depsWith(store);
    await processRegistration(deps, { courseId: 'samskabelse-2016', registrationId: store.registration.id });
    expect(sent).toEqual(['anne@example.dk']);
    expect(store.registration.invoiceNumber).toBeUndefined();
  });

  it('lets the sweep postpone a registration that fails, reporting it without stopping', async () => {
    const store = fakeStore(owedRegistration());
    const { deps } = depsWith(store, 1);
    const failures: string[] = [];
    const result = await sweep(deps, 100, (id) => failures.push(id));
    expect(result).toEqual({ processed: 0, failed: 1 });
    expect(failures).toEqual([store.registration.id]);
    expect(store.postponed).toEqual([store.registration.id]);
  });
});
