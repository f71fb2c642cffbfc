import { registrationBody, validEan, withLibrary } from './fixtures.ts';

/**
 * The body of library number `n`, whose every address is its own (`kontakt-<n>@…`, `faktura-<n>@…`,
 * `deltager-<n>-<p>@…`), so each mail in the mail store tells whose it is.
 */
export function numberedLibraryBody(n: number, participants: number, eanPrefix: string) {
  return withLibrary(
    registrationBody(
      {
        contact: { name: `Kontakt ${n}`, email: `kontakt-${n}@example.dk`, phone: '+45 12 34 56 78' },
        invoiceEmail: `faktura-${n}@example.dk`,
        participants: Array.from({ length: participants }, (_, p) => ({
          name: `Deltager ${n}.${p + 1}`,
          email: `deltager-${n}-${p + 1}@example.dk`,
        })),
      },
      participants,
    ),
    { ean: validEan(n, eanPrefix), name: `Bibliotek ${n}` },
  );
}
