import { type InvoiceDocumentDeps, invoicePdf } from '#app/invoice-document.ts';
import { composeDependencies } from '../compose.ts';
import { renderInvoicePdf } from '../documents/invoice-pdf.ts';
import { requireCoordinator } from './coordinator-auth.ts';
import { httpRoute } from './http.ts';

export function createHandler(deps: Pick<InvoiceDocumentDeps, 'store'> & Partial<InvoiceDocumentDeps>) {
  const renderPdf = deps.renderPdf ?? renderInvoicePdf;
  return httpRoute(async (event) => {
    requireCoordinator(event);
    const { invoice, pdf } = await invoicePdf(
      { store: deps.store, renderPdf },
      event.pathParameters?.invoiceNumber ?? '',
    );
    return {
      statusCode: 200,
      headers: {
        'content-type': 'application/pdf',
        'content-disposition': `attachment; filename="${invoice.number}.pdf"`,
        'cache-control': 'no-store',
      },
      // API Gateway passes binary bodies base64-encoded and flagged.
      body: Buffer.from(pdf).toString('base64'),
      isBase64Encoded: true,
    };
  });
}

export const handler = createHandler(composeDependencies());
