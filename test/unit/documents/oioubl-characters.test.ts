import { describe, expect, it } from 'vitest';
import { buildInvoice } from '#domain/invoice.ts';
import { renderOioubl } from '../../../functions/documents/oioubl.ts';
import { EXAMPLE_SELLER, seedCourse } from '../../support/fixtures.ts';
import { aRegistration } from '../../support/registrations.ts';

const course = seedCourse();

/** An invoice to a library of this name, as if it had been stored without the text rule. */
function invoiceTo(libraryName: string) {
  const stored = aRegistration();
  const registration = { ...stored, library: { ...stored.library, name: libraryName } };
  return buildInvoice(course, registration, EXAMPLE_SELLER, { sequence: 1, issueDate: '2016-02-10' });
}

describe('the OIOUBL invoice and the characters XML 1.0 allows', () => {
  it('is not written at all for a library named "Bibliotek \\uffff", rather than written broken', () => {
    expect(() => renderOioubl(invoiceTo('Bibliotek \uffff'))).toThrow(/U\+FFFF/);
    expect(() => renderOioubl(invoiceTo('Bibliotek \u0001'))).toThrow(/U\+0001/);
    expect(() => renderOioubl(invoiceTo('Bibliotek \udc00'))).toThrow(/U\+DC00/);
  });

  it("writes XML's own special characters escaped, and Danish and astral letters as they are", () => {
    const xml = renderOioubl(invoiceTo('Øster <&> "Bibliotek" 𝕏'));
    expect(xml).toContain('Øster &lt;&amp;&gt; &quot;Bibliotek&quot; 𝕏');
  });
});
