import * as z from 'zod';
import { isValidCvr } from '#domain/identifiers.ts';

/** `-c key=` on the command line means "not configured", not an empty address. */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

/**
 * The deployment's settings, from cdk.json context (overridable with `-c key=value`, which always yields
 * strings, hence the coercion of numbers). Validated once in bin/ so a typo fails synth, not a request.
 */
export const appConfigSchema = z.object({
  stage: z.string().regex(/^[a-z][a-z0-9-]{0,19}$/, 'lowercase letters, digits and dashes, at most 20'),
  /**
   * The From address of mail (SENDER_EMAIL); validated now so the mailing functions inherit a checked
   * value. SES may send only from it: the address or its domain must be a verified SES identity.
   */
  senderAddress: z.email(),
  coordinatorAddress: z.email(),
  teacherAddress: optional(z.email()),
  /** The seller on every invoice (SELLER_CVR): a CVR number, 8 digits passing the modulus 11 check. */
  sellerCvr: z.string().refine(isValidCvr, 'a CVR number: 8 digits passing the modulus 11 check'),
  /** The seller's bank account for payment (SELLER_BANK_REG, SELLER_BANK_ACCOUNT): Danish reg. no. and no. */
  sellerBankReg: z.string().regex(/^\d{4}$/, 'a bank registration number: 4 digits'),
  sellerBankAccount: z.string().regex(/^\d{6,10}$/, 'a bank account number: 6 to 10 digits'),
  /** The most mail one function instance sends per second (MAIL_MAX_PER_SECOND): below the SES rate. */
  mailMaxPerSecond: z.coerce.number().positive(),
  /** Days after a course's last session that the sweep keeps its people's data (PERSONAL_DATA_RETENTION_DAYS). */
  personalDataRetentionDays: z.coerce.number().int().nonnegative(),
  apiRateLimit: z.coerce.number().int().positive(),
  apiBurstLimit: z.coerce.number().int().positive(),
  /** WAF's per-address limits (requests in five minutes; WAF takes at least 10): all of /api/*, and signups. */
  wafApiRequestsPerFiveMinutes: z.coerce.number().int().min(10),
  wafSignupsPerFiveMinutes: z.coerce.number().int().min(10),
  /** Pin the stacks to an account; left out, CDK deploys to the account of the credentials in use. */
  account: optional(z.string().regex(/^\d{12}$/, 'a 12-digit AWS account id')),
  /**
   * The region of the data and the API. Always named: the site's web ACL must live in us-east-1, and
   * CDK carries its ARN to the API's stack only between stacks whose regions it knows.
   */
  region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'an AWS region such as eu-north-1'),
});

export type AppConfig = z.infer<typeof appConfigSchema>;

export const contextKeys = Object.keys(appConfigSchema.shape) as (keyof AppConfig)[];

export function parseAppConfig(raw: Record<string, unknown>): AppConfig {
  const result = appConfigSchema.safeParse(raw);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Invalid CDK context (cdk.json or -c):\n${problems}`);
  }
  return result.data;
}
