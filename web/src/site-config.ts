/**
 * Where the API is. Written next to the page at deploy time (the stack knows the API's URL only then) and
 * served by `npm start` locally, so no address is ever built into the bundle.
 */
export interface SiteConfig {
  /** Base URL of the API; '' means the page's own origin. */
  apiUrl: string;
  /** The course shown when the link names none. */
  defaultCourseId?: string;
  /** Where the coordinators' dashboard logs in: Cognito's endpoint in AWS, the local issuer locally. */
  auth?: { endpoint: string; clientId: string };
}

export async function loadSiteConfig(): Promise<SiteConfig> {
  // Typed as the DOM's RequestInit; Node's (which the unit tests type-check this file against) lacks `cache`.
  const response = await fetch('/config.json', { cache: 'no-store' } as RequestInit);
  if (!response.ok) throw new Error(`config.json: ${response.status}`);
  return (await response.json()) as SiteConfig;
}

/** The course the link asks for (`?kursus=<id>`), else the site's default. */
export function courseIdFromLocation(config: SiteConfig, search: string): string | undefined {
  const params = new URLSearchParams(search);
  return params.get('kursus') ?? params.get('course') ?? config.defaultCourseId;
}
