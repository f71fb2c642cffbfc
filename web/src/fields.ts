/** One input of the form; `path` is the field's name in the API body, and so in the API's error list. */
export interface FieldSpec {
  path: string;
  label: string;
  type?: 'text' | 'email' | 'tel' | 'textarea';
  optional?: boolean;
  autocomplete?: string;
  inputmode?: 'numeric' | 'email' | 'tel';
  hint?: string;
  maxlength?: number;
}

export const libraryFields: FieldSpec[] = [
  { path: 'library.name', label: 'Bibliotekets navn', autocomplete: 'organization', maxlength: 200 },
  { path: 'library.municipality', label: 'Kommune', maxlength: 100 },
  { path: 'library.address', label: 'Adresse', autocomplete: 'address-line1', maxlength: 200 },
  { path: 'library.postalCode', label: 'Postnummer', autocomplete: 'postal-code', inputmode: 'numeric' },
  { path: 'library.city', label: 'By', autocomplete: 'address-level2', maxlength: 100 },
  {
    path: 'library.ean',
    label: 'EAN-nummer',
    inputmode: 'numeric',
    hint: '13 cifre. Fakturaen sendes hertil som elektronisk faktura.',
  },
  { path: 'library.cvr', label: 'CVR-nummer', optional: true, inputmode: 'numeric', hint: '8 cifre.' },
];

export const contactFields: FieldSpec[] = [
  { path: 'contact.name', label: 'Navn', autocomplete: 'name', maxlength: 200 },
  {
    path: 'contact.email',
    label: 'E-mail',
    type: 'email',
    autocomplete: 'email',
    hint: 'Bekræftelsen sendes hertil.',
  },
  { path: 'contact.phone', label: 'Telefon', type: 'tel', autocomplete: 'tel' },
];

export const leaderFields: FieldSpec[] = [
  { path: 'leader.name', label: 'Navn', maxlength: 200 },
  { path: 'leader.email', label: 'E-mail', type: 'email' },
];

export function participantFields(index: number): FieldSpec[] {
  const at = `participants.${index}`;
  return [
    { path: `${at}.name`, label: 'Navn', maxlength: 200 },
    {
      path: `${at}.email`,
      label: 'E-mail',
      type: 'email',
      hint: 'Velkomstbrev og påmindelser sendes hertil.',
    },
    { path: `${at}.jobTitle`, label: 'Stilling', optional: true, maxlength: 200 },
    {
      path: `${at}.dietaryNeeds`,
      label: 'Kosthensyn',
      optional: true,
      maxlength: 500,
      hint: 'Allergier eller anden kost til forplejningen.',
    },
  ];
}

export const invoiceFields: FieldSpec[] = [
  {
    path: 'invoiceReference',
    label: 'Ordre- eller rekvisitionsnummer',
    maxlength: 50,
    hint: 'Står på fakturaen, så jeres bogholderi kan genkende den.',
  },
  {
    path: 'invoiceEmail',
    label: 'E-mail til faktura',
    type: 'email',
    optional: true,
    hint: 'Fakturaen sendes som PDF hertil. Udelades den, går den til kontaktpersonen.',
  },
];

export const commentField: FieldSpec = {
  path: 'comment',
  label: 'Bemærkninger',
  type: 'textarea',
  optional: true,
  maxlength: 2000,
};
