import type { Ledger, StoredInvoice, StoredRegistration } from '#app/ports.ts';
import { ledgerLineOf } from '#domain/ledger.ts';
import { creditNoteFor } from '#domain/registration-changes.ts';
import { itemKeys } from '../table-layout.ts';
import { type DynamoTable, epochSeconds, type TableWrite } from './dynamodb-table.ts';

/** Concurrent invoice issues race for the series counter; losers re-read and try the next number. */
const INVOICE_ATTEMPTS = 300;

/** The transaction writes the series, then the document, then this: its refusal means issued already. */
const REGISTRATION_MARK = 2;

type RegistrationMark = Omit<Extract<TableWrite, { Update: unknown }>['Update'], 'Key'>;

/**
 * Invoices and credit notes. Each is issued in one transaction that takes the next number of its series,
 * stores the document and marks the registration, so numbers have no gaps and a document is issued once.
 */
export function dynamoDbLedger(
  table: DynamoTable,
  { invoiceSeriesGuard }: { invoiceSeriesGuard: boolean },
): Ledger {
  async function getInvoice(number: string): Promise<StoredInvoice | undefined> {
    const item = await table.get(itemKeys.invoice(number), { consistent: true });
    return item
      ? { invoice: item.invoice as StoredInvoice['invoice'], oioubl: item.oioubl as string }
      : undefined;
  }

  /** The registration as stored now: what another worker issued for it meanwhile. */
  const currentOf = async (registration: StoredRegistration) =>
    (await table.get(itemKeys.registration(registration.courseId, registration.id), { consistent: true })) as
      | Pick<StoredRegistration, 'invoiceNumber' | 'documents'>
      | undefined;

  /**
   * If the registration's condition fails, another worker issued the document meanwhile: `existing` finds
   * that one, and no number was used up.
   */
  async function issueDocument(
    registration: StoredRegistration,
    series: string,
    render: (sequence: number) => StoredInvoice,
    mark: (issued: StoredInvoice) => RegistrationMark,
    existing: () => Promise<StoredInvoice | undefined>,
  ): Promise<StoredInvoice> {
    for (let attempt = 1; attempt <= INVOICE_ATTEMPTS; attempt++) {
      const counter = await table.get(itemKeys.invoiceSeries(series), { consistent: true });
      const last = typeof counter?.lastNumber === 'number' ? counter.lastNumber : 0;
      const issued = render(last + 1);
      const refused = await table.transact([
        {
          Update: {
            Key: itemKeys.invoiceSeries(series),
            UpdateExpression: 'SET lastNumber = :next, #type = :type',
            ...(invoiceSeriesGuard && {
              ConditionExpression: last === 0 ? 'attribute_not_exists(lastNumber)' : 'lastNumber = :last',
            }),
            ExpressionAttributeNames: { '#type': 'type' },
            ExpressionAttributeValues: {
              ':next': last + 1,
              ':type': 'invoice-series',
              ...(last > 0 && invoiceSeriesGuard && { ':last': last }),
            },
          },
        },
        {
          Put: {
            Item: {
              ...itemKeys.invoice(issued.invoice.number),
              type: 'invoice',
              ...issued,
              courseId: registration.courseId,
              registrationId: registration.id,
            },
            ...(invoiceSeriesGuard && { ConditionExpression: 'attribute_not_exists(PK)' }),
          },
        },
        { Update: { Key: itemKeys.registration(registration.courseId, registration.id), ...mark(issued) } },
      ]);
      if (!refused) return issued;
      if (refused.failed(REGISTRATION_MARK)) {
        const found = await existing();
        if (found) return found;
        throw new Error(
          `registration ${registration.id} no longer needs this document, or it cannot be read`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(100, 5 * attempt)));
    }
    throw new Error(`a number in series ${series} not obtained after ${INVOICE_ATTEMPTS} attempts`);
  }

  return {
    getInvoice,

    issueInvoice(registration, series, render) {
      return issueDocument(
        registration,
        series,
        render,
        (issued) => ({
          UpdateExpression:
            'SET invoiceNumber = :number, documents = list_append(if_not_exists(documents, :none), :line)',
          // Only a confirmed registration is invoiced, only once, and only for the price it has now: a
          // participant change saved since the read must not be left with an invoice for the old price.
          ConditionExpression:
            'attribute_exists(PK) AND attribute_not_exists(invoiceNumber) AND #status = :confirmed AND ' +
            '#price.#total = :total AND #price.#participants = :participants',
          ExpressionAttributeNames: {
            '#status': 'status',
            '#price': 'price',
            '#total': 'total',
            '#participants': 'participants',
          },
          ExpressionAttributeValues: {
            ':number': issued.invoice.number,
            ':confirmed': 'confirmed',
            ':total': registration.price.total,
            ':participants': registration.price.participants,
            ':none': [],
            ':line': [ledgerLineOf(issued.invoice)],
          },
        }),
        async () => {
          const current = await currentOf(registration);
          return current?.invoiceNumber ? getInvoice(current.invoiceNumber) : undefined;
        },
      );
    },

    issueCreditNote(registration, invoiceNumber, series, render) {
      return issueDocument(
        registration,
        series,
        render,
        (issued) => ({
          UpdateExpression:
            'DELETE toCredit :invoice SET documents = list_append(if_not_exists(documents, :none), :line)',
          // One credit note per invoice: the number leaves the set in the transaction that credits it.
          ConditionExpression: 'contains(toCredit, :number)',
          ExpressionAttributeValues: {
            ':invoice': new Set([invoiceNumber]),
            ':number': invoiceNumber,
            ':none': [],
            ':line': [ledgerLineOf(issued.invoice)],
          },
        }),
        async () => {
          const current = await currentOf(registration);
          const note = current && creditNoteFor(current, invoiceNumber);
          return note ? getInvoice(note.number) : undefined;
        },
      );
    },

    async keepInvoiceForBooks(document, expiresAt) {
      await table.update({
        Key: itemKeys.invoice(document.invoice.number),
        UpdateExpression: 'SET invoice = :invoice, oioubl = :oioubl, expiresAt = :expiresAt',
        ConditionExpression: 'attribute_exists(PK)',
        ExpressionAttributeValues: {
          ':invoice': document.invoice,
          ':oioubl': document.oioubl,
          ':expiresAt': epochSeconds(expiresAt),
        },
      });
    },
  };
}
