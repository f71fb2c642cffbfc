import * as z from 'zod';

/** `-c key=` on the command line means "not configured", not an empty address. */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

/**
 * The deployment's settings, from cdk.json context (overridable with `-c key=value`, which always yields
 * strings, hence the coercion of numbers). Validated once in bin/ so a typo fails synth, not a request.
 */
export const appConfigSchema = z.object({
  stage: z.string().regex(/^[a-z][a-z0-9-]{0,19}$/, 'lowercase letters, digits and dashes, at most 20'),
  /** The From address of mail; validated now so the mailer functions inherit a checked value. */
  senderAddress: z.email(),
  coordinatorAddress: z.email(),
  teacherAddress: optional(z.email()),
  apiRateLimit: z.coerce.number().int().positive(),
  apiBurstLimit: z.coerce.number().int().positive(),
  /** Pin the stacks to an account/region; left out, the templates are environment-agnostic. */
  account: optional(z.string().regex(/^\d{12}$/, 'a 12-digit AWS account id')),
  region: optional(z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'an AWS region such as eu-north-1')),
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
