import { type InvoiceDocumentDeps, invoicePdf } from '#app/invoice-document.ts';
import { composeDependencies } from '../compose.ts';
import { renderInvoicePdf } from '../documents/invoice-pdf.ts';
import { Answer, routeHandler } from './dispatch.ts';
import { fileDownload } from './http.ts';

export function createHandler(deps: Pick<InvoiceDocumentDeps, 'store'> & Partial<InvoiceDocumentDeps>) {
  const documentDeps = { store: deps.store, renderPdf: deps.renderPdf ?? renderInvoicePdf };
  return routeHandler('InvoicePdf', documentDeps, {
    getInvoicePdf: async (request, deps) => {
      const { invoice, pdf } = await invoicePdf(deps, request.param('invoiceNumber'));
      // API Gateway passes binary bodies base64-encoded and flagged.
      const base64 = Buffer.from(pdf).toString('base64');
      return new Answer(fileDownload('application/pdf', `${invoice.number}.pdf`, base64, { base64: true }));
    },
  });
}

export const handler = createHandler(composeDependencies());
