import { fileURLToPath } from 'node:url';

/** The repository root, so entries, the lock file and courses/ resolve alike from bin/, tests and any cwd. */
export const projectRoot = fileURLToPath(new URL('..', import.meta.url));
