import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

/**
 * Validates OIOUBL documents the way NemHandel does: the UBL 2.1 XSD (xmllint), then the official OIOUBL
 * schematron (XSLT 2.0, so Saxon-HE). Starting a JVM and compiling the schematron costs seconds, so every
 * call validates a whole batch: one xmllint and one Saxon run (directory mode) per document type.
 */

const run = promisify(execFile);

const REPO_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
/** The official OIOUBL validation package, vendored so a clean clone validates on its own (test/oioubl/README.md). */
export const OIOUBL_ZIP = resolve(REPO_ROOT, 'test', 'oioubl', 'OIOUBL_Schematron_2026-05-01_v1.17.2.zip');
const SAXON_JAR = '/usr/share/java/Saxon-HE.jar';
const INSTALL_HINT =
  'install them with: apt-get install -y libxml2-utils libsaxonhe-java (and a Java runtime, e.g. openjdk-17-jre-headless)';

const KINDS = {
  Invoice: {
    xsd: 'Schemas/UBL_v2.1/maindoc/UBL-Invoice-2.1.xsd',
    xsl: 'Stylesheets/OIOUBL_Invoice_Schematron.xsl',
  },
  CreditNote: {
    xsd: 'Schemas/UBL_v2.1/maindoc/UBL-CreditNote-2.1.xsd',
    xsl: 'Stylesheets/OIOUBL_CreditNote_Schematron.xsl',
  },
} as const;
type Kind = keyof typeof KINDS;

export interface OioublDocument {
  /** How the document is named in the report (any string; files are named internally). */
  name: string;
  xml: string;
}

/** Per document name: every XSD error and schematron `<Error>`, as text. An empty list means valid. */
export type OioublReport = Record<string, string[]>;

let toolsChecked: Promise<void> | undefined;

async function checkTools(): Promise<void> {
  const missing: string[] = [];
  for (const [tool, args] of [
    ['xmllint', ['--version']],
    ['java', ['-version']],
  ] as const) {
    try {
      await run(tool, [...args]);
    } catch {
      missing.push(tool);
    }
  }
  if (!existsSync(SAXON_JAR)) missing.push(SAXON_JAR);
  if (missing.length > 0) {
    throw new Error(`OIOUBL validation needs ${missing.join(', ')}, which are missing: ${INSTALL_HINT}`);
  }
}

/**
 * Unpacks the schemas and the two stylesheets this helper uses (8 of the package's 35 MB, under half a
 * second) into the run's own temporary folder, so nothing outlives the call however the process ends.
 */
async function unpack(into: string): Promise<void> {
  if (!existsSync(OIOUBL_ZIP)) throw new Error(`OIOUBL validation package not found at ${OIOUBL_ZIP}`);
  const members = ['Schemas/UBL_v2.1/', ...Object.values(KINDS).map((kind) => kind.xsl)];
  const script = [
    'import sys, zipfile',
    'with zipfile.ZipFile(sys.argv[1]) as z:',
    '    z.extractall(sys.argv[2], [n for n in z.namelist() if n.startswith(tuple(sys.argv[3:]))])',
  ].join('\n');
  await run('python3', ['-c', script, OIOUBL_ZIP, into, ...members]);
}

function kindOf(xml: string): Kind {
  const root = /<(?![?!])(?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)/.exec(xml)?.[1];
  if (root === 'Invoice' || root === 'CreditNote') return root;
  throw new Error(`Not an OIOUBL Invoice or CreditNote (root element: ${root ?? 'none'})`);
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decode(text: string): string {
  return text.replace(/&(lt|gt|amp|quot|apos);/g, (_, name: string) => ENTITIES[name] ?? '').trim();
}

/** The schematron report lists each failed rule as `<Error>` with a `<Description>` and an `<Xpath>`. */
function schematronErrors(report: string): string[] {
  return [...report.matchAll(/<Error\b[^>]*>([\s\S]*?)<\/Error>/g)].map(([, body = '']) => {
    const description = /<Description>([\s\S]*?)<\/Description>/.exec(body)?.[1] ?? body;
    const xpath = /<Xpath>([\s\S]*?)<\/Xpath>/.exec(body)?.[1];
    return decode(description) + (xpath === undefined ? '' : ` (at ${decode(xpath)})`);
  });
}

/** xmllint prints "<file>:<line>: … error : …" per problem; the exit code only says that something failed. */
async function xsdErrors(xsd: string, files: string[]): Promise<Map<string, string[]>> {
  const errors = new Map<string, string[]>(files.map((file) => [file, []]));
  let stderr: string;
  let failed = false;
  try {
    ({ stderr } = await run('xmllint', ['--noout', '--schema', xsd, ...files], { maxBuffer: 64 << 20 }));
  } catch (error) {
    stderr = (error as { stderr?: string }).stderr ?? String(error);
    failed = true;
  }
  let attributed = false;
  for (const line of stderr.split('\n')) {
    const file = files.find((f) => line.startsWith(`${f}:`));
    if (file === undefined) continue;
    errors.get(file)?.push(`XSD: ${line.slice(file.length + 1).trim()}`);
    attributed = true;
  }
  for (const file of files) {
    if (
      new RegExp(`^${escapeRegExp(file)} fails to validate$`, 'm').test(stderr) &&
      !errors.get(file)?.length
    ) {
      errors.get(file)?.push('XSD: fails to validate');
      attributed = true;
    }
  }
  if (failed && !attributed) throw new Error(`xmllint failed:\n${stderr}`);
  return errors;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * One Saxon run per document type over a folder of documents: the schematron stylesheet is compiled once.
 * C1-only JIT and the serial collector halve the compile time of this 2 MB stylesheet on small machines.
 */
async function schematron(xsl: string, inputDir: string, outputDir: string): Promise<void> {
  await mkdir(outputDir, { recursive: true });
  await run(
    'java',
    [
      '-XX:TieredStopAtLevel=1',
      '-XX:+UseSerialGC',
      '-cp',
      SAXON_JAR,
      'net.sf.saxon.Transform',
      `-s:${inputDir}`,
      `-o:${outputDir}`,
      `-xsl:${xsl}`,
    ],
    { maxBuffer: 64 << 20 },
  ).catch((error: { stderr?: string }) => {
    throw new Error(`Saxon failed on ${inputDir}:\n${error.stderr ?? String(error)}`);
  });
}

/** Validates every document against the UBL 2.1 XSD and the OIOUBL 2.1 schematron (v1.17.2). */
export async function validateOioubl(documents: readonly OioublDocument[]): Promise<OioublReport> {
  const names = new Set(documents.map((d) => d.name));
  if (names.size !== documents.length) throw new Error('Document names must be unique');
  if (documents.length === 0) return {};
  toolsChecked ??= checkTools();
  await toolsChecked;
  const work = mkdtempSync(join(tmpdir(), 'oioubl-'));
  try {
    const pkg = join(work, 'package');
    await unpack(pkg);
    const report: OioublReport = {};
    const byKind = new Map<Kind, { name: string; file: string }[]>();
    for (const [index, doc] of documents.entries()) {
      const kind = kindOf(doc.xml);
      const dir = join(work, kind, 'in');
      await mkdir(dir, { recursive: true });
      const file = join(dir, `doc-${String(index).padStart(4, '0')}.xml`);
      writeFileSync(file, doc.xml, 'utf8');
      byKind.set(kind, [...(byKind.get(kind) ?? []), { name: doc.name, file }]);
      report[doc.name] = [];
    }
    await Promise.all(
      [...byKind].map(async ([kind, docs]) => {
        const { xsd, xsl } = KINDS[kind];
        const files = docs.map((d) => d.file);
        const [xsdReport] = await Promise.all([
          xsdErrors(join(pkg, xsd), files),
          schematron(join(pkg, xsl), join(work, kind, 'in'), join(work, kind, 'out')),
        ]);
        for (const { name, file } of docs) {
          const out = join(work, kind, 'out', basename(file));
          if (!existsSync(out)) throw new Error(`Saxon wrote no report for ${name}`);
          report[name] = [...(xsdReport.get(file) ?? []), ...schematronErrors(readFileSync(out, 'utf8'))];
        }
      }),
    );
    return report;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
