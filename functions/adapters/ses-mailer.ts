import { SESClient, SendRawEmailCommand } from '@aws-sdk/client-ses';
import type { Mailer } from '#app/ports.ts';

/**
 * Sends raw MIME through SES (SendRawEmail), at most `maxPerSecond` messages per second from this
 * process. SES rejects bursts above the account's sending rate; the cap is per function instance, so the
 * configured value should leave room for the stream and the sweep sending at the same time.
 */
export class SesMailer implements Mailer {
  private nextSlot = 0;

  constructor(
    private readonly ses: SESClient,
    private readonly options: { maxPerSecond: number; configurationSet?: string },
  ) {}

  async sendRaw(message: { from: string; to: string[]; raw: Uint8Array }): Promise<string> {
    await this.waitForSlot();
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

  private async waitForSlot(): Promise<void> {
    const interval = 1000 / this.options.maxPerSecond;
    const now = Date.now();
    const slot = Math.max(now, this.nextSlot);
    this.nextSlot = slot + interval;
    if (slot > now) await new Promise((resolve) => setTimeout(resolve, slot - now));
  }
}

export function createSesMailer(options: { maxPerSecond: number; configurationSet?: string }): SesMailer {
  return new SesMailer(new SESClient({}), options);
}
