import type {
  courseTotalsFor,
  listCourses,
  listRegistrationPage,
  registrationDetail,
} from '#app/coordinator-queries.ts';
import type { FieldProblem } from '#domain/errors.ts';
import type { SiteConfig } from '../../src/site-config.ts';
import type { Session } from './session.ts';

export type CourseSummary = Awaited<ReturnType<typeof listCourses>>[number];
export type RegistrationPage = Awaited<ReturnType<typeof listRegistrationPage>>;
export type RegistrationDetail = Awaited<ReturnType<typeof registrationDetail>>;
export type CourseTotals = Awaited<ReturnType<typeof courseTotalsFor>>;

/** The token was missing, expired or refused: the dashboard goes back to the login. */
export class NotSignedIn extends Error {}

export class ApiRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: FieldProblem[],
  ) {
    super(message);
  }
}

/** The coordinator routes, called with the signed-in coordinator's access token. */
export class AdminApi {
  constructor(
    private readonly config: SiteConfig,
    private readonly session: Session,
  ) {}

  get<T>(path: string): Promise<T> {
    return this.call<T>('GET', path);
  }

  send<T>(
    method: 'POST' | 'PUT',
    path: string,
    body: unknown,
    headers: Record<string, string> = {},
  ): Promise<T> {
    return this.call<T>(method, path, body, headers);
  }

  /** A file (CSV, PDF) fetched with the token and handed to the browser as a download. */
  async download(path: string, filename: string): Promise<void> {
    const response = await this.fetch('GET', path);
    const blob = await response.blob();
    const link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = filename;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
  }

  private async call<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const response = await this.fetch(method, path, body, headers);
    return (await response.json()) as T;
  }

  private async fetch(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const token = this.session.token();
    if (!token) throw new NotSignedIn();
    const response = await fetch(`${this.config.apiUrl.replace(/\/+$/, '')}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body !== undefined && { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    if (response.status === 401) {
      this.session.end();
      throw new NotSignedIn();
    }
    if (!response.ok) {
      const error = ((await response.json().catch(() => ({}))) as { error?: Partial<ApiRefusal> }).error;
      throw new ApiRefusal(
        response.status,
        error?.code ?? 'UNKNOWN',
        error?.message ?? `Serveren svarede ${response.status}.`,
        error?.fields ?? [],
      );
    }
    return response;
  }
}
