import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import * as z from 'zod/mini';
import { type InvoiceDocumentDeps, invoicePdf } from '#app/invoice-document.ts';
import { composeDependencies } from '../compose.ts';
import { renderCertificatePdf } from '../documents/certificate-pdf.ts';
import { renderInvoicePdf } from '../documents/invoice-pdf.ts';
import { logger } from './http.ts';

const text = z.string().check(z.minLength(1), z.maxLength(2000));
const isoDate = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/));

/**
 * What the mailing functions send (adapters/lambda-invoice-renderer.ts): the number of a stored invoice or
 * credit note, or the facts a course certificate prints.
 */
const renderEvent = z.union([
  z.strictObject({ number: z.string().check(z.minLength(1), z.maxLength(64)) }),
  z.strictObject({
    certificate: z.strictObject({
      participantName: text,
      libraryName: text,
      courseTitle: text,
      courseKind: text,
      organiserName: text,
      teachingDays: z.array(z.strictObject({ title: text, date: isoDate })),
      otherSessions: z.array(z.strictObject({ title: text, from: isoDate, to: isoDate })),
      issuedOn: isoDate,
      signatories: z.array(z.strictObject({ name: text, title: text })),
    }),
  }),
]);

export interface RenderedPdf {
  /** The PDF, base64-encoded: a Lambda payload is JSON. */
  pdf: string;
}

/**
 * Renders an issued invoice or credit note, or a course certificate, as the PDF its mail carries. A
 * function of its own so that pdf-lib and its font metrics load here, not in every function that mails
 * (they were a third of those bundles); invoked synchronously, so an error is the caller's and the work
 * stays owed.
 */
export function createHandler(deps: Pick<InvoiceDocumentDeps, 'store'>) {
  return middy<unknown, RenderedPdf>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler(async (event) => {
      const request = renderEvent.parse(event);
      const pdf =
        'number' in request
          ? (await invoicePdf({ store: deps.store, renderPdf: renderInvoicePdf }, request.number)).pdf
          : await renderCertificatePdf(request.certificate);
      return { pdf: Buffer.from(pdf).toString('base64') };
    });
}

export const handler = createHandler(composeDependencies());
