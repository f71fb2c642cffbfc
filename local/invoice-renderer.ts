import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { InvoiceDocumentDeps } from '../functions/app/invoice-document.ts';
import type { FulfilmentDeps } from '../functions/app/process-registration.ts';
import type { StructureMailDeps } from '../functions/app/structure-mails.ts';
import type { RenderedPdf } from '../functions/handlers/render-invoice-pdf.ts';
import { functionSpecs } from '../functions/manifest.ts';

const localContext = { awsRequestId: 'local', functionName: 'local', getRemainingTimeInMillis: () => 10_000 };

/**
 * What Lambda's synchronous Invoke of RenderInvoicePdf does in AWS: the same handler module, called in this
 * process with the same JSON event, its answer passed through JSON as Lambda's payload is.
 */
function localRenderer(root: string, deps: Pick<InvoiceDocumentDeps, 'store'>) {
  const spec = functionSpecs.find((s) => s.invoiceRenderer);
  if (!spec) throw new Error('The manifest names no invoice renderer');
  let handler: Promise<(event: unknown, context: unknown) => Promise<RenderedPdf>> | undefined;
  return async (event: unknown) => {
    handler ??= import(pathToFileURL(join(root, spec.entry)).href).then((module) =>
      module.createHandler(deps),
    );
    const answer = JSON.parse(
      JSON.stringify(await (await handler)(JSON.parse(JSON.stringify(event)), localContext)),
    );
    return new Uint8Array(Buffer.from((answer as RenderedPdf).pdf, 'base64'));
  };
}

export function localInvoiceRenderer(
  root: string,
  deps: Pick<InvoiceDocumentDeps, 'store'>,
): FulfilmentDeps['renderPdf'] {
  const render = localRenderer(root, deps);
  return (invoice) => render({ number: invoice.number });
}

export function localCertificateRenderer(
  root: string,
  deps: Pick<InvoiceDocumentDeps, 'store'>,
): StructureMailDeps['renderCertificate'] {
  const render = localRenderer(root, deps);
  return (certificate) => render({ certificate });
}
