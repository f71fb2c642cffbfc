import { SESClient, SendRawEmailCommand } from '@aws-sdk/client-ses';
import type { Mailer } from '#app/ports.ts';
import { PacedMailer } from './paced-mailer.ts';

/** Sends raw MIME through SES (SendRawEmail), as fast as it is called: `createSesMailer` paces it. */
export class SesMailer implements Mailer {
  constructor(
    private readonly ses: SESClient,
    private readonly options: { configurationSet?: string | undefined } = {},
  ) {}

  async sendRaw(message: { from: string; to: string[]; raw: Uint8Array }): Promise<string> {
    const { MessageId } = await this.ses.send(
      new SendRawEmailCommand({
        Source: message.from,
        Destinations: message.to,
        RawMessage: { Data: message.raw },
        ConfigurationSetName: this.options.configurationSet,
      }),
    );
    if (!MessageId) throw new Error('SES accepted the message without a message id');
    return MessageId;
  }
}

/**
 * SES at most `maxPerSecond` messages per second from this process. SES rejects bursts above the account's
 * sending rate; the cap is per function instance, so the configured value should leave room for the stream
 * and the sweep sending at the same time.
 */
export function createSesMailer(options: {
  maxPerSecond: number;
  configurationSet?: string | undefined;
}): Mailer {
  return new PacedMailer(new SesMailer(new SESClient({}), options), options.maxPerSecond);
}
