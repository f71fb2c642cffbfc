import * as z from 'zod';
import { isValidCvr } from '#domain/identifiers.ts';

/** Read once at module load, so a missing setting fails at cold start instead of at the first request. */
const environmentSchema = z.object({
  TABLE_NAME: z.string().min(1),
  COORDINATOR_EMAIL: z.email().optional(),
  TEACHER_EMAIL: z.email().optional(),
  // Read only by the functions that mail; `mailSettings` insists on them there.
  SENDER_EMAIL: z.email().optional(),
  SELLER_CVR: z.string().refine(isValidCvr, 'a CVR number (8 digits, modulus 11)').optional(),
  SELLER_BANK_REG: z
    .string()
    .regex(/^\d{4}$/)
    .optional(),
  SELLER_BANK_ACCOUNT: z
    .string()
    .regex(/^\d{6,10}$/)
    .optional(),
  SES_CONFIGURATION_SET: z.string().min(1).optional(),
  MAIL_MAX_PER_SECOND: z.coerce.number().positive().default(10),
  // Read only by the function that syncs reminder schedules; `schedulerSettings` insists on them there.
  SCHEDULE_GROUP: z.string().min(1).optional(),
  SEND_REMINDER_ARN: z.string().startsWith('arn:').optional(),
  SCHEDULER_ROLE_ARN: z.string().startsWith('arn:').optional(),
  REMINDER_DLQ_ARN: z.string().startsWith('arn:').optional(),
});

export type Environment = z.infer<typeof environmentSchema>;

/** The settings a mailing function cannot run without, checked at its cold start. */
export function mailSettings(env: Environment) {
  const missing = (['SENDER_EMAIL', 'SELLER_CVR', 'SELLER_BANK_REG', 'SELLER_BANK_ACCOUNT'] as const).filter(
    (name) => env[name] === undefined,
  );
  if (missing.length > 0) throw new Error(`Invalid function environment: missing ${missing.join(', ')}`);
  return {
    senderAddress: env.SENDER_EMAIL as string,
    seller: {
      cvr: env.SELLER_CVR as string,
      bankRegNo: env.SELLER_BANK_REG as string,
      bankAccountNo: env.SELLER_BANK_ACCOUNT as string,
    },
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
