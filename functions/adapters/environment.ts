import * as z from 'zod/mini';
import { isValidCvr } from '#domain/identifiers.ts';
import { DEFAULT_PERSONAL_DATA_RETENTION_DAYS } from '#domain/retention.ts';

// zod/mini carries no English messages: each check names what it expects, for the operator reading the log.
const nonEmpty = z.string().check(z.minLength(1, 'must not be empty'));
const arn = z.string().check(z.startsWith('arn:', 'an ARN'));

/** Read once at module load, so a missing setting fails at cold start instead of at the first request. */
const environmentSchema = z.object({
  TABLE_NAME: z.string('must be set').check(z.minLength(1, 'must be set')),
  COORDINATOR_EMAIL: z.optional(z.email('an e-mail address')),
  TEACHER_EMAIL: z.optional(z.email('an e-mail address')),
  // Read only by the functions that mail; `mailSettings` insists on them there.
  SENDER_EMAIL: z.optional(z.email('an e-mail address')),
  SELLER_CVR: z.optional(z.string().check(z.refine(isValidCvr, 'a CVR number (8 digits, modulus 11)'))),
  SELLER_BANK_REG: z.optional(z.string().check(z.regex(/^\d{4}$/, 'a bank registration number: 4 digits'))),
  SELLER_BANK_ACCOUNT: z.optional(
    z.string().check(z.regex(/^\d{6,10}$/, 'a bank account number: 6 to 10 digits')),
  ),
  SES_CONFIGURATION_SET: z.optional(nonEmpty),
  // The function that renders invoice PDFs, for the functions that mail invoices; checked at first render.
  RENDER_INVOICE_FUNCTION: z.optional(nonEmpty),
  // What the site's CloudFront sends in its origin header; the signup believes its viewer's address only with it.
  ORIGIN_SECRET: z.optional(nonEmpty),
  // The site the links in the mails open (a library's booking, a participant's case).
  SITE_URL: z.optional(z.url('a URL')),
  MAIL_MAX_PER_SECOND: z._default(z.coerce.number('a number').check(z.positive('a positive number')), 10),
  // Read by the sweep, which removes a course's people's data this many days after its last session.
  PERSONAL_DATA_RETENTION_DAYS: z._default(
    z.coerce.number('a number').check(z.int('a whole number of days'), z.nonnegative('zero or more days')),
    DEFAULT_PERSONAL_DATA_RETENTION_DAYS,
  ),
  // Read only by the function that syncs reminder schedules; `schedulerSettings` insists on them there.
  SCHEDULE_GROUP: z.optional(nonEmpty),
  SEND_REMINDER_ARN: z.optional(arn),
  SCHEDULER_ROLE_ARN: z.optional(arn),
  REMINDER_DLQ_ARN: z.optional(arn),
});

export type Environment = z.infer<typeof environmentSchema>;

/** The settings a mailing function cannot run without, checked at its cold start. */
export function mailSettings(env: Environment) {
  const required = [
    'SENDER_EMAIL',
    'SELLER_CVR',
    'SELLER_BANK_REG',
    'SELLER_BANK_ACCOUNT',
    'SITE_URL',
  ] as const;
  const missing = required.filter((name) => env[name] === undefined);
  if (missing.length > 0) throw new Error(`Invalid function environment: missing ${missing.join(', ')}`);
  return {
    senderAddress: env.SENDER_EMAIL as string,
    seller: {
      cvr: env.SELLER_CVR as string,
      bankRegNo: env.SELLER_BANK_REG as string,
      bankAccountNo: env.SELLER_BANK_ACCOUNT as string,
    },
    siteUrl: env.SITE_URL as string,
    maxPerSecond: env.MAIL_MAX_PER_SECOND,
    configurationSet: env.SES_CONFIGURATION_SET,
  };
}

/** The settings the schedule-syncing function cannot run without, checked at its cold start. */
export function schedulerSettings(env: Environment) {
  const names = ['SCHEDULE_GROUP', 'SEND_REMINDER_ARN', 'SCHEDULER_ROLE_ARN', 'REMINDER_DLQ_ARN'] as const;
  const missing = names.filter((name) => env[name] === undefined);
  if (missing.length > 0) throw new Error(`Invalid function environment: missing ${missing.join(', ')}`);
  return {
    groupName: env.SCHEDULE_GROUP as string,
    targetArn: env.SEND_REMINDER_ARN as string,
    roleArn: env.SCHEDULER_ROLE_ARN as string,
    deadLetterArn: env.REMINDER_DLQ_ARN as string,
  };
}

export function readEnvironment(env: NodeJS.ProcessEnv = process.env): Environment {
  const result = environmentSchema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid function environment: ${problems}`);
  }
  return result.data;
}
