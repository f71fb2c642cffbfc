import type * as z from 'zod/mini';

/**
 * Danish wording for zod's generic issues; a message given on the schema itself takes precedence. zod/mini
 * ships no locale (that is most of its size saving), so every parse passes this map.
 */
export const danishMessages: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined
        ? 'Feltet skal udfyldes.'
        : `Forkert type: forventede ${typeName(issue.expected)}.`;
    case 'too_small':
      return issue.origin === 'string' ? 'Feltet skal udfyldes.' : `Mindst ${issue.minimum}.`;
    case 'too_big':
      return issue.origin === 'string' ? `Højst ${issue.maximum} tegn.` : `Højst ${issue.maximum}.`;
    case 'invalid_format':
      return 'Ugyldigt format.';
    case 'unrecognized_keys':
      return `Ukendt felt: ${issue.keys.join(', ')}.`;
    default:
      return 'Ugyldig værdi.';
  }
};

function typeName(expected: string): string {
  const names: Record<string, string> = {
    string: 'tekst',
    number: 'tal',
    int: 'et helt tal',
    boolean: 'sand/falsk',
    object: 'et objekt',
    array: 'en liste',
  };
  return names[expected] ?? expected;
}
