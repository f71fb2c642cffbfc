import type { getCourseForSignup } from '#app/get-course.ts';
import type { FieldProblem } from '#domain/errors.ts';
import type { RegistrationReceipt } from '#domain/registration.ts';
import type { SiteConfig } from './site-config.ts';

/** The course as `GET /courses/{id}` returns it (after JSON, which it survives unchanged). */
export type CourseView = Awaited<ReturnType<typeof getCourseForSignup>>;

export interface ApiError {
  status: number;
  code: string;
  message: string;
  fields: FieldProblem[];
}

export type SubmitOutcome = { ok: true; receipt: RegistrationReceipt } | { ok: false; error: ApiError };

function url(config: SiteConfig, path: string): string {
  return `${config.apiUrl.replace(/\/+$/, '')}${path}`;
}

async function apiError(response: Response): Promise<ApiError> {
  try {
    const body = (await response.json()) as { error?: Partial<ApiError> };
    return {
      status: response.status,
      code: body.error?.code ?? 'UNKNOWN',
      message: body.error?.message ?? 'Der opstod en fejl. Prøv igen om lidt.',
      fields: body.error?.fields ?? [],
    };
  } catch {
    return {
      status: response.status,
      code: 'UNKNOWN',
      message: 'Der opstod en fejl. Prøv igen om lidt.',
      fields: [],
    };
  }
}

export async function fetchCourse(
  config: SiteConfig,
  courseId: string,
): Promise<{ ok: true; course: CourseView } | { ok: false; error: ApiError }> {
  const response = await fetch(url(config, `/courses/${encodeURIComponent(courseId)}`));
  if (!response.ok) return { ok: false, error: await apiError(response) };
  return { ok: true, course: (await response.json()) as CourseView };
}

/** Answers worth retrying with the same key: the request may not have arrived, or the API asked us to wait. */
const RETRYABLE_STATUS = new Set([429, 502, 503, 504]);
/** The longest Retry-After the form waits out by itself. */
const MAX_WAIT_SECONDS = 30;
const MAX_ATTEMPTS = 4;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Sends the registration under the form's idempotency key. A lost connection or a busy API is retried
 * with the same key, so however often it goes out, the library is registered once.
 */
export async function submitRegistration(
  config: SiteConfig,
  courseId: string,
  body: unknown,
  idempotencyKey: string,
  onRetry: (attempt: number) => void = () => undefined,
): Promise<SubmitOutcome> {
  for (let attempt = 1; ; attempt++) {
    let response: Response;
    try {
      response = await fetch(url(config, `/courses/${encodeURIComponent(courseId)}/registrations`), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
        body: JSON.stringify(body),
      });
    } catch {
      if (attempt >= MAX_ATTEMPTS) {
        return {
          ok: false,
          error: {
            status: 0,
            code: 'NETWORK',
            message:
              'Tilmeldingen kunne ikke sendes: tjek forbindelsen og prøv igen. Du bliver ikke tilmeldt to gange.',
            fields: [],
          },
        };
      }
      onRetry(attempt);
      await pause(attempt * 1000);
      continue;
    }
    if (response.ok) return { ok: true, receipt: (await response.json()) as RegistrationReceipt };
    const retryAfter = Number(response.headers.get('retry-after'));
    // A long wait (too many signups from here: up to an hour) is said, not waited out behind a spinner.
    const worthWaiting = !(Number.isFinite(retryAfter) && retryAfter > MAX_WAIT_SECONDS);
    if (RETRYABLE_STATUS.has(response.status) && attempt < MAX_ATTEMPTS && worthWaiting) {
      onRetry(attempt);
      await pause(Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : attempt * 1000);
      continue;
    }
    return { ok: false, error: await apiError(response) };
  }
}
