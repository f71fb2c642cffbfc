/**
 * The signed-in coordinator's access token, kept in this tab's sessionStorage only: closing the tab signs
 * out, and the token is never in a cookie the API would accept from another site.
 */
export class Session {
  private static readonly KEY = 'kursus-tilmelding:koordinator';

  token(): string | undefined {
    try {
      const stored = JSON.parse(sessionStorage.getItem(Session.KEY) ?? 'null') as {
        token: string;
        expiresAt: number;
      } | null;
      if (stored && stored.expiresAt > Date.now()) return stored.token;
    } catch {
      // Unreadable storage counts as signed out.
    }
    return undefined;
  }

  start(token: string, expiresAt: number): void {
    sessionStorage.setItem(Session.KEY, JSON.stringify({ token, expiresAt }));
  }

  end(): void {
    sessionStorage.removeItem(Session.KEY);
  }
}
