import type { CaseInput } from '#domain/case-work.ts';
import type { ApiError } from '../../src/api.ts';
import type { SiteConfig } from '../../src/site-config.ts';

/**
 * The public link API (`GET /link`, `PUT /link/visit`, `PUT /link/case`): no login, the mail's token in
 * the `x-link-token` header. The token is never put in a URL, and no answer is cached: each one is about
 * one person, and the token is as good as a password for what it opens.
 */

export interface LinkSlot {
  id: string;
  date: string;
  start: string;
  durationMinutes: number;
  /** Free, and not begun. */
  available: boolean;
  /** This library's booking. */
  mine: boolean;
}

export interface LibraryLink {
  kind: 'library';
  course: { id: string; title: string };
  library: { name: string };
  /** null when the course has no visit round. */
  round: { title: string; from: string; to: string } | null;
  slots: LinkSlot[];
  booking: { slotId: string; date: string; start: string; durationMinutes: number } | null;
}

export interface LinkCase {
  title: string;
  description: string;
  partners: string[];
  status?: string;
  statusNote?: string;
  updatedAt: string;
}

export interface ParticipantLink {
  kind: 'participant';
  course: { id: string; title: string };
  participant: { name: string };
  libraryName: string;
  /** ISO instants. */
  deadlines: { caseBy: string | null; statusBy: string | null };
  statuses: { value: string; label: string }[];
  case: LinkCase | null;
  /** After the course: the case is shown, not edited. */
  closed: boolean;
}

export type LinkView = LibraryLink | ParticipantLink;

export type LinkOutcome<T> = { ok: true; view: T } | { ok: false; error: ApiError };

const GENERIC = 'Der opstod en fejl. Prøv igen om lidt.';

/** What an answer's error body says, or a Danish word for it when the body says nothing useful. */
async function apiError(response: Response): Promise<ApiError> {
  try {
    const body = (await response.json()) as { error?: Partial<ApiError> };
    return {
      status: response.status,
      code: body.error?.code ?? 'UNKNOWN',
      message: body.error?.message ?? GENERIC,
      fields: body.error?.fields ?? [],
    };
  } catch {
    return { status: response.status, code: 'UNKNOWN', message: GENERIC, fields: [] };
  }
}

async function call<T>(
  config: SiteConfig,
  token: string,
  method: 'GET' | 'PUT',
  path: string,
  body?: unknown,
): Promise<LinkOutcome<T>> {
  const headers: Record<string, string> = { 'x-link-token': token };
  if (body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(`${config.apiUrl.replace(/\/+$/, '')}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
      credentials: 'omit',
      referrerPolicy: 'no-referrer',
    });
  } catch {
    return {
      ok: false,
      error: {
        status: 0,
        code: 'NETWORK',
        message: 'Der kunne ikke skabes forbindelse. Tjek forbindelsen, og prøv igen.',
        fields: [],
      },
    };
  }
  if (!response.ok) return { ok: false, error: await apiError(response) };
  return { ok: true, view: (await response.json()) as T };
}

export function fetchLink(config: SiteConfig, token: string): Promise<LinkOutcome<LinkView>> {
  return call<LinkView>(config, token, 'GET', '/link');
}

export function bookVisit(
  config: SiteConfig,
  token: string,
  slotId: string,
): Promise<LinkOutcome<LibraryLink>> {
  return call<LibraryLink>(config, token, 'PUT', '/link/visit', { slotId });
}

/** The case as the participant writes it; `status` is one of the view's `statuses`. */
export type CaseBody = Omit<CaseInput, 'status'> & { status?: string };

export function saveCase(
  config: SiteConfig,
  token: string,
  body: CaseBody,
): Promise<LinkOutcome<ParticipantLink>> {
  return call<ParticipantLink>(config, token, 'PUT', '/link/case', body);
}

/**
 * The token from the page's fragment (`/link/#<token>`): the fragment never leaves the browser, so the
 * token reaches no server log. Anything that could not be sent as a header is no token.
 */
export function tokenFromHash(hash: string): string | undefined {
  let token: string;
  try {
    token = decodeURIComponent(hash.replace(/^#/, '')).trim();
  } catch {
    return undefined;
  }
  return /^[\x21-\x7e]{1,512}$/.test(token) ? token : undefined;
}
