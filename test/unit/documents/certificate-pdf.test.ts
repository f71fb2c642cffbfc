import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PDFDocument, PDFName, PDFString } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { type CertificateData, renderCertificatePdf } from '../../../functions/documents/certificate-pdf.ts';
import { pdfText } from '../../support/pdf-text.ts';

const TEACHER_TITLE =
  'Forfatter, foredragsholder og selvstændig konsulent; tidligere kommunal leder og udviklingskonsulent';

const certificate: CertificateData = {
  participantName: 'Mette Kjærgaard Sørensen',
  libraryName: 'Ikast-Brande Bibliotek',
  courseTitle: 'Samskabelse – involvering og aktivering af borgere og lokalsamfund',
  courseKind: 'læringsforløb',
  organiserName: 'Centralbibliotek / Herning Bibliotekerne',
  teachingDays: [
    { title: 'Kick off', date: '2016-03-07' },
    { title: 'Midtvejsdag', date: '2016-05-10' },
    { title: 'Afslutningsdag', date: '2016-08-25' },
  ],
  otherSessions: [
    { title: 'Besøgsrunde', from: '2016-03-14', to: '2016-03-18' },
    { title: 'Gruppevejledning', from: '2016-06-13', to: '2016-06-17' },
  ],
  issuedOn: '2016-08-26',
  signatories: [
    { name: 'Nis G. Madsen', title: TEACHER_TITLE },
    { name: 'Lone Engel Westphall', title: 'Udviklingskonsulent, Herning Bibliotekerne' },
  ],
};

const LONG_NAME =
  'Anne-Marie Kristine Margrethe Vestergaard-Christiansen Østergaard Bjerregaard Frederiksen-Holm';
const ABSURD_NAME = 'Christiansen-Østergaard '.repeat(25).trim();

/** 2 cm: no text may come closer to the paper's edge than this. */
const PAGE_MARGIN = (20 / 25.4) * 72;
const A4 = { width: 595.28, height: 841.89 };

const run = promisify(execFile);

interface PlacedWord {
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

/** Every word with its box on the page, as poppler places it (`pdftotext -bbox`). */
async function placedWords(pdf: Uint8Array): Promise<PlacedWord[]> {
  const dir = mkdtempSync(join(tmpdir(), 'certificate-'));
  try {
    const file = join(dir, 'certificate.pdf');
    writeFileSync(file, pdf);
    const { stdout } = await run('pdftotext', ['-bbox', '-enc', 'UTF-8', file, '-']);
    const pattern = /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g;
    return [...stdout.matchAll(pattern)].map(([, xMin, yMin, xMax, yMax, text]) => ({
      text: text as string,
      xMin: Number(xMin),
      yMin: Number(yMin),
      xMax: Number(xMax),
      yMax: Number(yMax),
    }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function outsideMargins(words: PlacedWord[]): PlacedWord[] {
  return words.filter(
    (w) =>
      w.xMin < PAGE_MARGIN ||
      w.yMin < PAGE_MARGIN ||
      w.xMax > A4.width - PAGE_MARGIN ||
      w.yMax > A4.height - PAGE_MARGIN,
  );
}

/** The text as one line: a centred title that wraps reads on as the sentence it is. */
const flat = (text: string) => text.replace(/\s+/g, ' ');

/** The words of `phrase` appear in `text` in order, even when a column beside them is interleaved. */
function expectWordsInOrder(text: string, phrase: string) {
  const words = flat(text).split(' ');
  let at = 0;
  for (const word of phrase.split(' ')) {
    const found = words.indexOf(word, at);
    expect(found, `"${word}" of "${phrase}"`).toBeGreaterThanOrEqual(0);
    at = found + 1;
  }
}

async function pageCount(pdf: Uint8Array): Promise<number> {
  return (await PDFDocument.load(pdf)).getPageCount();
}

describe('the course certificate', () => {
  let pdf: Uint8Array;
  let text: string;

  beforeAll(async () => {
    pdf = await renderCertificatePdf(certificate);
    text = await pdfText(pdf);
  });

  it('is headed "Kursusbevis" and names the participant and their library', () => {
    expect(text).toContain('Kursusbevis');
    expect(text).toContain('Mette Kjærgaard Sørensen');
    expect(text).toContain('fra Ikast-Brande Bibliotek');
  });

  it('says the participant completed the course, naming its kind in Danish', () => {
    expect(text).toContain('har gennemført læringsforløbet');
    expect(flat(text)).toContain('Samskabelse – involvering og aktivering af borgere og lokalsamfund');
  });

  it('lists each teaching day the participant attended with its Danish date', () => {
    expect(text).toContain('Deltog i undervisningsdagene');
    expect(text).toContain('Kick off, 7. marts 2016');
    expect(text).toContain('Midtvejsdag, 10. maj 2016');
    expect(text).toContain('Afslutningsdag, 25. august 2016');
  });

  it('lists the decentral parts with their date spans', () => {
    expect(text).toContain('Besøgsrunde, 14.–18. marts 2016');
    expect(text).toContain('Gruppevejledning, 13.–17. juni 2016');
  });

  it('states the date it was issued', () => {
    expect(text).toContain('Udstedt 26. august 2016');
  });

  it('is signed by the teacher and the coordinator, each with their full title', () => {
    expect(text).toContain('Nis G. Madsen');
    expect(text).toContain('Lone Engel Westphall');
    expectWordsInOrder(text, TEACHER_TITLE);
    expectWordsInOrder(text, 'Udviklingskonsulent, Herning Bibliotekerne');
  });

  it('is one page', async () => {
    expect(await pageCount(pdf)).toBe(1);
  });

  it('keeps all its text, the long signatory title included, within the page margins', async () => {
    const words = await placedWords(pdf);
    expect(words.map((w) => w.text)).toContain('udviklingskonsulent');
    expect(outsideMargins(words)).toEqual([]);
  });

  it('carries a Danish title, the Danish language and the organiser as author', async () => {
    const doc = await PDFDocument.load(pdf, { updateMetadata: false });
    expect(doc.getTitle()).toBe('Kursusbevis – Mette Kjærgaard Sørensen');
    expect(doc.getAuthor()).toBe('Centralbibliotek / Herning Bibliotekerne');
    expect(doc.catalog.lookup(PDFName.of('Lang'), PDFString).decodeText()).toBe('da-DK');
  });
});

describe('a certificate for a name the form let through', () => {
  it('prints a very long name in full, wrapped, on one page within the margins', async () => {
    const pdf = await renderCertificatePdf({ ...certificate, participantName: LONG_NAME });
    expect(flat(await pdfText(pdf))).toContain(LONG_NAME);
    expect(await pageCount(pdf)).toBe(1);
    expect(outsideMargins(await placedWords(pdf))).toEqual([]);
  });

  it('still fits one page when a name is absurdly long, ending what does not fit in an ellipsis', async () => {
    const pdf = await renderCertificatePdf({ ...certificate, participantName: ABSURD_NAME });
    const text = await pdfText(pdf);
    expect(text).toContain('…');
    expect(text).toContain('Udstedt 26. august 2016');
    expect(await pageCount(pdf)).toBe(1);
    expect(outsideMargins(await placedWords(pdf))).toEqual([]);
  });

  it('leaves out an emoji and prints letters outside WinAnsi as their nearest Latin-1 letter', async () => {
    const pdf = await renderCertificatePdf({
      ...certificate,
      participantName: 'Søren 🚴‍♂️ Łukasiewicz 👍🏽',
      signatories: [{ name: 'Paweł Kowalski', title: 'Bibliotekar ✨' }],
    });
    const text = await pdfText(pdf);
    expect(text).toContain('Søren Lukasiewicz');
    expect(text).toContain('Pawel Kowalski');
    expect(text).toContain('Bibliotekar');
    expect(text).not.toContain('?');
    // The metadata is Unicode, so the title keeps the name exactly as entered.
    expect((await PDFDocument.load(pdf, { updateMetadata: false })).getTitle()).toBe(
      'Kursusbevis – Søren 🚴‍♂️ Łukasiewicz 👍🏽',
    );
  });
});

describe('a certificate for another kind of course', () => {
  it('inflects a known kind, so a "kursus" is completed as "kurset"', async () => {
    const text = await pdfText(await renderCertificatePdf({ ...certificate, courseKind: 'kursus' }));
    expect(text).toContain('har gennemført kurset');
  });

  it('shows a kind it cannot inflect under the course title instead of guessing its ending', async () => {
    const courseKind = 'Praksisnært læringsforløb for biblioteksmedarbejdere, bygget op om casearbejde';
    const text = flat(await pdfText(await renderCertificatePdf({ ...certificate, courseKind })));
    expect(text).toContain(
      'har gennemført Samskabelse – involvering og aktivering af borgere og lokalsamfund Praksisnært læringsforløb',
    );
  });

  it('leaves out the decentral parts when the course has none', async () => {
    const text = await pdfText(await renderCertificatePdf({ ...certificate, otherSessions: [] }));
    expect(text).not.toContain('Forløbet omfattede desuden');
    expect(text).toContain('Afslutningsdag, 25. august 2016');
  });
});
