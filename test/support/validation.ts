import { ValidationError } from '#domain/errors.ts';

/** The fields a refused input names: what `run` threw as a ValidationError; anything else fails the test. */
export function validationFieldsOf(run: () => unknown): { path: string; message: string }[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationError) return error.fields;
    throw error;
  }
  throw new Error('no validation error');
}
