import { InvokeCommand, type InvokeCommandOutput, LambdaClient } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { createLambdaPdfRenderer } from '#adapters/lambda-invoice-renderer.ts';
import { buildInvoice } from '#domain/invoice.ts';
import { EXAMPLE_SELLER, seedCourse } from '../../support/fixtures.ts';
import { aRegistration } from '../../support/registrations.ts';

const lambda = mockClient(LambdaClient);
afterEach(() => lambda.reset());

const invoice = buildInvoice(seedCourse(), aRegistration(), EXAMPLE_SELLER, {
  sequence: 7,
  issueDate: '2016-02-10',
});
const client = () =>
  new LambdaClient({ region: 'eu-north-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' } });
// The SDK wraps the payload's bytes in its blob adapter; the bytes are what the adapter reads.
const payload = (value: unknown) =>
  new TextEncoder().encode(JSON.stringify(value)) as unknown as InvokeCommandOutput['Payload'];

describe('rendering an invoice PDF through the RenderInvoicePdf function', () => {
  it('asks for the stored document by its number and returns the PDF bytes it answers', async () => {
    lambda
      .on(InvokeCommand)
      .resolves({ StatusCode: 200, Payload: payload({ pdf: Buffer.from('%PDF-1.7').toString('base64') }) });
    const pdf = await createLambdaPdfRenderer('kursus-render', client)(invoice);
    expect(new TextDecoder().decode(pdf)).toBe('%PDF-1.7');
    const [call] = lambda.commandCalls(InvokeCommand);
    expect(call?.args[0].input.FunctionName).toBe('kursus-render');
    expect(JSON.parse(String(call?.args[0].input.Payload))).toEqual({ number: 'KURSUS-0007' });
  });

  it('fails when the renderer failed, so the invoice mail stays owed instead of going out without its PDF', async () => {
    lambda.on(InvokeCommand).resolves({
      StatusCode: 200,
      FunctionError: 'Unhandled',
      Payload: payload({ errorMessage: 'boom' }),
    });
    await expect(createLambdaPdfRenderer('kursus-render', client)(invoice)).rejects.toThrow(
      /RenderInvoicePdf failed/,
    );
  });

  it('names the missing setting at the first render, and never calls Lambda without it', async () => {
    await expect(createLambdaPdfRenderer(undefined, client)(invoice)).rejects.toThrow(
      /RENDER_INVOICE_FUNCTION/,
    );
    expect(lambda.calls()).toHaveLength(0);
  });
});
