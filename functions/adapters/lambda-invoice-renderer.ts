import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import * as z from 'zod/mini';
import type { Invoice } from '#domain/invoice.ts';

const renderedPdf = z.object({ pdf: z.string() });

/**
 * The PDF of a stored invoice or credit note, rendered by the RenderInvoicePdf function (invoked
 * synchronously). Its client is made at the first render, so a function that never renders (or the local
 * runtime, which renders in process) never needs the setting.
 */
export function createLambdaPdfRenderer(
  functionName: string | undefined,
  makeClient: () => LambdaClient = () => new LambdaClient({}),
): (invoice: Invoice) => Promise<Uint8Array> {
  let client: LambdaClient | undefined;
  return async (invoice) => {
    if (functionName === undefined)
      throw new Error('Invalid function environment: missing RENDER_INVOICE_FUNCTION');
    client ??= makeClient();
    const answer = await client.send(
      new InvokeCommand({ FunctionName: functionName, Payload: JSON.stringify({ number: invoice.number }) }),
    );
    // The error's kind only: its message is the renderer's, already in the renderer's own log.
    if (answer.FunctionError) throw new Error(`RenderInvoicePdf failed (${answer.FunctionError})`);
    const { pdf } = renderedPdf.parse(JSON.parse(new TextDecoder().decode(answer.Payload)));
    return new Uint8Array(Buffer.from(pdf, 'base64'));
  };
}
