import { type InvoiceDocumentDeps, invoicePdf } from '#app/invoice-document.ts';
import { composeDependencies } from '../compose.ts';
import { renderInvoicePdf } from '../mail/invoice-pdf.ts';
import { Answer, routeHandler } from './dispatch.ts';

export function createHandler(deps: Pick<InvoiceDocumentDeps, 'store'> & Partial<InvoiceDocumentDeps>) {
  const documentDeps = { store: deps.store, renderPdf: deps.renderPdf ?? renderInvoicePdf };
  return routeHandler('InvoicePdf', documentDeps, {
    getInvoicePdf: async (request, deps) => {
      const { invoice, pdf } = await invoicePdf(deps, request.param('invoiceNumber'));
      return new Answer({
        statusCode: 200,
        headers: {
          'content-type': 'application/pdf',
          'content-disposition': `attachment; filename="${invoice.number}.pdf"`,
          'cache-control': 'no-store',
        },
        // API Gateway passes binary bodies base64-encoded and flagged.
        body: Buffer.from(pdf).toString('base64'),
        isBase64Encoded: true,
      });
    },
  });
}

export const handler = createHandler(composeDependencies());
