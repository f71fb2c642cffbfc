import { describe, expect, it } from 'vitest';
import type { StoredInvoice, StoredRegistration } from '#app/ports.ts';
import type { RetentionDeps } from '#app/remove-personal-data.ts';
import { removeExpiredPersonalData } from '#app/remove-personal-data.ts';
import { buildInvoice } from '#domain/invoice.ts';
import { EXAMPLE_SELLER, seedCourse } from '../../support/fixtures.ts';
import { aRegistration } from '../../support/registrations.ts';

const AFTER_RETENTION = new Date('2017-03-01T12:00:00+01:00');

/** A store holding one course's registrations and invoices, recording what the use case asks of it. */
function storeWith(
  registrations: StoredRegistration[],
  options: { failInvoiceWrites?: number; changedSinceRead?: string[] } = {},
) {
  const invoices = new Map<string, StoredInvoice>();
  for (const r of registrations) {
    for (const d of r.documents ?? []) {
      const invoice = buildInvoice(seedCourse(), r, EXAMPLE_SELLER, { sequence: 1, issueDate: d.issueDate });
      invoices.set(d.number, { invoice: { ...invoice, number: d.number }, oioubl: '<Invoice/>' });
    }
  }
  let failures = options.failInvoiceWrites ?? 0;
  const log = {
    removed: [] as string[],
    marked: [] as string[],
    deletedMails: [] as string[],
    keptInvoices: [] as string[],
    courseDone: undefined as string | undefined,
  };
  const current = new Map(registrations.map((r) => [r.id, r]));
  const store: RetentionDeps['store'] = {
    getCourseDefinition: async () => seedCourse(),
    listCourseIds: async () => [seedCourse().id],
    listRegistrations: async () => [...current.values()],
    getInvoice: async (number) => invoices.get(number),
    personalDataRemovedAt: async () => log.courseDone,
    keepInvoiceForBooks: async (document) => {
      if (failures-- > 0) throw new Error('ProvisionedThroughputExceededException');
      invoices.set(document.invoice.number, document);
      log.keptInvoices.push(document.invoice.number);
    },
    beginPersonalDataRemoval: async (registration, at) => {
      if (options.changedSinceRead?.includes(registration.id)) return 'changed';
      current.set(registration.id, { ...registration, personalDataRemovalFrom: at.toISOString() });
      log.marked.push(registration.id);
      return 'begun';
    },
    deleteMailRecord: async (key) => {
      log.deletedMails.push(key);
    },
    removePersonalData: async (registration, at) => {
      current.set(registration.id, { ...registration, personalDataRemovedAt: at.toISOString() });
      log.removed.push(registration.id);
      return 'removed';
    },
    deleteAddressCounters: async () => 0,
    markPersonalDataRemoved: async (_courseId, at) => {
      log.courseDone = at.toISOString();
    },
  };
  return { store, log, invoices };
}

const deps = (store: RetentionDeps['store'], now = AFTER_RETENTION) => ({
  store,
  structure: { deleteStructurePersonalData: async () => 0 },
  clock: { now: () => now },
  personalDataRetentionDays: 180,
});

function stored(id: string, overrides: Partial<StoredRegistration> = {}): StoredRegistration {
  return {
    ...aRegistration({ id }),
    owed: false,
    owedVersion: 1,
    documents: [{ number: `KURSUS-${id}`, kind: 'invoice', total: 1070000, issueDate: '2016-01-20' }],
    mailHistory: [
      {
        dedupeKey: `confirmation#${id}`,
        kind: 'confirmation',
        to: ['anne@example.dk'],
        subject: 'Tilmelding bekræftet',
        messageId: `m-${id}`,
        sentAt: '2016-01-20T09:00:00.000Z',
      },
    ],
    ...overrides,
  };
}

describe("removing people's data after the retention period", () => {
  it('does nothing before the period has run out', async () => {
    const { store, log } = storeWith([stored('a')]);
    const result = await removeExpiredPersonalData(deps(store, new Date('2017-01-01T12:00:00+01:00')));
    expect(result).toEqual({ removed: 0, postponed: 0 });
    expect(log).toMatchObject({
      marked: [],
      removed: [],
      deletedMails: [],
      keptInvoices: [],
      courseDone: undefined,
    });
  });

  it("strips each invoice, deletes each mail record, then the registration's people, and marks the course", async () => {
    const { store, log, invoices } = storeWith([stored('a'), stored('b')]);
    expect(await removeExpiredPersonalData(deps(store))).toEqual({ removed: 2, postponed: 0 });
    expect(log.keptInvoices).toEqual(['KURSUS-a', 'KURSUS-b']);
    expect(invoices.get('KURSUS-a')?.invoice.buyer.contactName).toBe('');
    expect(invoices.get('KURSUS-a')?.oioubl).not.toContain('Anne');
    expect(log.deletedMails).toEqual(['confirmation#a', 'confirmation#b']);
    expect(log.marked).toEqual(['a', 'b']);
    expect(log.removed).toEqual(['a', 'b']);
    expect(log.courseDone).toBe(AFTER_RETENTION.toISOString());
  });

  it('waits with a registration that still owes a mail, and leaves the course unmarked until then', async () => {
    const { store, log } = storeWith([stored('a'), stored('b', { owed: true })]);
    expect(await removeExpiredPersonalData(deps(store))).toEqual({ removed: 1, postponed: 1 });
    expect(log.removed).toEqual(['a']);
    expect(log.courseDone).toBeUndefined();
  });

  it('touches nothing of a registration that changed since it was read: it is marked first, or left', async () => {
    const { store, log } = storeWith([stored('a'), stored('b')], { changedSinceRead: ['b'] });
    expect(await removeExpiredPersonalData(deps(store))).toEqual({ removed: 1, postponed: 1 });
    expect(log.keptInvoices).toEqual(['KURSUS-a']);
    expect(log.deletedMails).toEqual(['confirmation#a']);
    expect(log.courseDone).toBeUndefined();
  });

  it('finishes on the next run what a failed write left, without touching what was already done', async () => {
    const { store, log } = storeWith([stored('a'), stored('b')], { failInvoiceWrites: 1 });
    expect(await removeExpiredPersonalData(deps(store))).toEqual({ removed: 1, postponed: 1 });
    expect(log.courseDone).toBeUndefined();
    expect(await removeExpiredPersonalData(deps(store))).toEqual({ removed: 1, postponed: 0 });
    expect(log.removed).toEqual(['b', 'a']);
    // The registration marked in the cut-off run is not marked twice: the next run goes on from the mark.
    expect(log.marked).toEqual(['a', 'b']);
    expect(log.courseDone).toBeDefined();
    expect(await removeExpiredPersonalData(deps(store))).toEqual({ removed: 0, postponed: 0 });
  });
});
