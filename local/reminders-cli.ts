import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadCourseFiles } from '../functions/adapters/course-files.ts';
import type { Course } from '../functions/domain/course.ts';
import { reminderPlan } from '../functions/domain/reminders.ts';
import { formatDanishInstant } from '../functions/domain/time.ts';
import { applyLocalAwsEnvironment } from './aws-env.ts';
import { REPOSITORY_ROOT } from './runtime.ts';

const usage = `Brug: npm run reminders -- <kommando> [tilvalg]

  plan <kursus-id>                     påmindelsesplanen som tabel (fra courses/)
  preview <kursus-id> <påmindelses-id> modtagere og den færdige mail (læser tilmeldingerne)
  send <kursus-id> <påmindelses-id>    send nu; hver modtager får den højst én gang

Tilvalg for preview og send (de står i npm starts banner):
  --dynamodb <url>   DynamoDB-endpoint, fx http://127.0.0.1:41234
  --ses <url>        lokal SES (kun send), fx http://127.0.0.1:40321
  --table <navn>     tabellen (standard kursus-tilmelding-local)
  --now <ISO>        tidspunkt for "nu" (standard: uret)`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    dynamodb: { type: 'string' },
    ses: { type: 'string' },
    table: { type: 'string', default: 'kursus-tilmelding-local' },
    now: { type: 'string' },
  },
});
const [command, courseId, reminderId] = positionals;

function fail(message: string): never {
  console.error(`${message}\n\n${usage}`);
  process.exit(2);
}

function courseFromFiles(id: string | undefined): Course {
  const course = loadCourseFiles(join(REPOSITORY_ROOT, 'courses'), REPOSITORY_ROOT).find((c) => c.id === id);
  return course ?? fail(`Ukendt kursus: ${id ?? '(mangler)'}`);
}

/** Points the same adapters the functions use at the given stand-ins (or, without them, at AWS). */
async function dependencies() {
  if (values.dynamodb) {
    applyLocalAwsEnvironment({
      dynamoDbEndpoint: values.dynamodb,
      sesEndpoint: values.ses ?? 'http://127.0.0.1:9',
      tableName: values.table,
    });
    process.env.COORDINATOR_EMAIL ??= 'koordinator@example.dk';
  }
  const now = values.now ? new Date(values.now) : undefined;
  const { composeFulfilment } = await import('../functions/compose.ts');
  return composeFulfilment(now ? { clock: { now: () => now } } : {});
}

if (command === 'plan') {
  const course = courseFromFiles(courseId);
  const now = values.now ? new Date(values.now) : new Date();
  console.table(
    reminderPlan(course).map((r) => ({
      id: r.id,
      tidspunkt: formatDanishInstant(r.at),
      skabelon: r.template,
      'senest sendt': formatDanishInstant(r.notAfter),
      status: r.at <= now ? 'passeret' : 'kommende',
    })),
  );
} else if (command === 'preview' || command === 'send') {
  if (!reminderId) fail('Påmindelses-id mangler.');
  const deps = await dependencies();
  const { findCourse } = await import('../functions/app/find-course.ts');
  const { course } = await findCourse(deps.store, courseId ?? '');
  if (command === 'preview') {
    const reminder =
      reminderPlan(course).find((r) => r.id === reminderId) ?? fail(`Ukendt påmindelse: ${reminderId}`);
    const { reminderMails } = await import('../functions/app/send-reminder.ts');
    const mails = await reminderMails(deps, course, reminder);
    console.log(`${reminder.id}: ${formatDanishInstant(reminder.at)}, ${mails.length} mail(s)\n`);
    for (const { mail, content, attachments } of mails) {
      console.log(`Til: ${mail.to.join(', ')}${mail.cc.length ? `  Cc: ${mail.cc.join(', ')}` : ''}`);
      console.log(
        `Emne: ${content.subject}${attachments.length ? `  (bilag: ${attachments.map((a) => a.filename).join(', ')})` : ''}`,
      );
      console.log(`${content.text}\n${'-'.repeat(72)}`);
    }
  } else {
    const { sendReminder } = await import('../functions/app/send-reminder.ts');
    const outcome = await sendReminder(deps, { courseId: course.id, reminderId }, { evenIfNotDue: true });
    console.log(
      outcome.status === 'sent'
        ? `Sendt: ${outcome.sent}, allerede sendt før: ${outcome.alreadySent}`
        : `Ikke sendt: ${outcome.status}`,
    );
  }
} else {
  fail(command ? `Ukendt kommando: ${command}` : 'Kommando mangler.');
}
