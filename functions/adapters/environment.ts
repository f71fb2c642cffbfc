import * as z from 'zod';

/** Read once at module load, so a missing setting fails at cold start instead of at the first request. */
const environmentSchema = z.object({
  TABLE_NAME: z.string().min(1),
  COORDINATOR_EMAIL: z.email().optional(),
  TEACHER_EMAIL: z.email().optional(),
});

export type Environment = z.infer<typeof environmentSchema>;

export function readEnvironment(env: NodeJS.ProcessEnv = process.env): Environment {
  const result = environmentSchema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid function environment: ${problems}`);
  }
  return result.data;
}
