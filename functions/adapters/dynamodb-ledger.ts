import type { Ledger, StoredInvoice, StoredRegistration } from '#app/ports.ts';
import { ledgerLineOf } from '#domain/ledger.ts';
import { creditNoteFor } from '#domain/registration-changes.ts';
import { itemKeys } from '../table-layout.ts';
import { type DynamoTable, epochSeconds, type TableWrite } from './dynamodb-table.ts';

/** Concurrent invoice issues race for the series counter; losers re-read and try the next number. */
const INVOICE_ATTEMPTS = 300;

/** The transaction writes the series, then the document, then this: its refusal means issued already. */
const REGISTRATION_MARK = 2;

/** What issuing a document changes on its registration besides adding its ledger line, and on what condition. */
interface RegistrationMark {
  set?: string;
  delete?: string;
  condition: string;
  names?: Record<string, string>;
  values: Record<string, unknown>;
}

/** The registration's part of the transaction: its ledger line added, and whatever the document marks. */
function markRegistration(
  registration: StoredRegistration,
  issued: StoredInvoice,
  mark: RegistrationMark,
): TableWrite {
  const set = [mark.set, 'documents = list_append(if_not_exists(documents, :none), :line)'].filter(Boolean);
  return {
    Update: {
      Key: itemKeys.registration(registration.courseId, registration.id),
      UpdateExpression: `SET ${set.join(', ')}${mark.delete ? ` DELETE ${mark.delete}` : ''}`,
      ConditionExpression: mark.condition,
      ...(mark.names && { ExpressionAttributeNames: mark.names }),
      ExpressionAttributeValues: { ...mark.values, ':none': [], ':line': [ledgerLineOf(issued.invoice)] },
    },
  };
}

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
        markRegistration(registration, issued, mark(issued)),
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
          set: 'invoiceNumber = :number',
          // Only a confirmed registration is invoiced, only once, and only for the price it has now: a
          // participant change saved since the read must not be left with an invoice for the old price.
          condition:
            'attribute_exists(PK) AND attribute_not_exists(invoiceNumber) AND #status = :confirmed AND ' +
            '#price.#total = :total AND #price.#participants = :participants',
          names: {
            '#status': 'status',
            '#price': 'price',
            '#total': 'total',
            '#participants': 'participants',
          },
          values: {
            ':number': issued.invoice.number,
            ':confirmed': 'confirmed',
            ':total': registration.price.total,
            ':participants': registration.price.participants,
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
        () => ({
          delete: 'toCredit :invoice',
          // One credit note per invoice: the number leaves the set in the transaction that credits it.
          condition: 'contains(toCredit, :number)',
          values: { ':invoice': new Set([invoiceNumber]), ':number': invoiceNumber },
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
