import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import * as z from 'zod/mini';
import { type InvoiceDocumentDeps, invoicePdf } from '#app/invoice-document.ts';
import { composeDependencies } from '../compose.ts';
import { renderInvoicePdf } from '../mail/invoice-pdf.ts';
import { logger } from './http.ts';

/** What the mailing functions send (adapters/lambda-invoice-renderer.ts): the number of a stored document. */
const renderEvent = z.strictObject({ number: z.string().check(z.minLength(1), z.maxLength(64)) });

export interface RenderedPdf {
  /** The PDF, base64-encoded: a Lambda payload is JSON. */
  pdf: string;
}

/**
 * Renders an issued invoice or credit note as the PDF its mail carries. A function of its own so that
 * pdf-lib and its font metrics load here, not in every function that mails (they were a third of those
 * bundles); invoked synchronously, so an error is the caller's and the registration stays owed.
 */
export function createHandler(deps: Pick<InvoiceDocumentDeps, 'store'>) {
  return middy<unknown, RenderedPdf>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler(async (event) => {
      const { number } = renderEvent.parse(event);
      const { pdf } = await invoicePdf({ store: deps.store, renderPdf: renderInvoicePdf }, number);
      return { pdf: Buffer.from(pdf).toString('base64') };
    });
}

export const handler = createHandler(composeDependencies());
