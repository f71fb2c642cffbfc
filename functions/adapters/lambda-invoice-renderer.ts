import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import * as z from 'zod/mini';
import type { Invoice } from '#domain/invoice.ts';
import type { CertificateData } from '../documents/certificate-pdf.ts';

const renderedPdf = z.object({ pdf: z.string() });

/**
 * Invokes the RenderInvoicePdf function synchronously with `payload` and returns the PDF it answers. Its
 * client is made at the first render, so a function that never renders (or the local runtime, which
 * renders in process) never needs the setting.
 */
function lambdaRenderer<T>(
  functionName: string | undefined,
  payloadOf: (subject: T) => unknown,
  makeClient: () => LambdaClient,
): (subject: T) => Promise<Uint8Array> {
  let client: LambdaClient | undefined;
  return async (subject) => {
    if (functionName === undefined)
      throw new Error('Invalid function environment: missing RENDER_INVOICE_FUNCTION');
    client ??= makeClient();
    const answer = await client.send(
      new InvokeCommand({ FunctionName: functionName, Payload: JSON.stringify(payloadOf(subject)) }),
    );
    // The error's kind only: its message is the renderer's, already in the renderer's own log.
    if (answer.FunctionError) throw new Error(`RenderInvoicePdf failed (${answer.FunctionError})`);
    const { pdf } = renderedPdf.parse(JSON.parse(new TextDecoder().decode(answer.Payload)));
    return new Uint8Array(Buffer.from(pdf, 'base64'));
  };
}

/** The PDF of a stored invoice or credit note: the renderer reads it from the table by its number. */
export function createLambdaPdfRenderer(
  functionName: string | undefined,
  makeClient: () => LambdaClient = () => new LambdaClient({}),
): (invoice: Invoice) => Promise<Uint8Array> {
  return lambdaRenderer(functionName, (invoice: Invoice) => ({ number: invoice.number }), makeClient);
}

/** A participant's course certificate, from the facts it prints (nothing the renderer must read). */
export function createLambdaCertificateRenderer(
  functionName: string | undefined,
  makeClient: () => LambdaClient = () => new LambdaClient({}),
): (data: CertificateData) => Promise<Uint8Array> {
  return lambdaRenderer(functionName, (certificate: CertificateData) => ({ certificate }), makeClient);
}
