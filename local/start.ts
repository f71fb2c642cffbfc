import { parseArgs } from 'node:util';
import { formatDanishInstant } from '../functions/domain/time.ts';
import { startLocalStack } from './runtime.ts';

const usage = `Brug: npm start -- [--port 3000] [--memory] [--data-dir .data] [--now <ISO-tidspunkt>] [--speed N]

  --port      porten API og web serveres på (standard 3000; 0 vælger en ledig)
  --memory    kør databasen i hukommelsen: intet gemmes
  --data-dir  hvor DynamoDB Local gemmer data (standard .data/dynamodb)
  --now       start det lokale ur på et andet tidspunkt, fx 2016-01-20T10:00:00+01:00
  --speed     lad det lokale ur gå N gange hurtigere
  --courses   mappen med kursusdefinitioner (standard courses/)
  --coordinator-password  adgangskoden for den lokale bruger "koordinator" (standard Kursus-2016-lokal!)`;

function parseOptions() {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '3000' },
      memory: { type: 'boolean', default: false },
      'data-dir': { type: 'string', default: '.data/dynamodb' },
      now: { type: 'string' },
      speed: { type: 'string', default: '1' },
      courses: { type: 'string' },
      'coordinator-password': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  const port = Number(values.port);
  const speed = Number(values.speed);
  const now = values.now === undefined ? new Date() : new Date(values.now);
  const problems = [
    !(Number.isInteger(port) && port >= 0 && port < 65536) &&
      `--port skal være et portnummer, fik "${values.port}"`,
    !(speed > 0) && `--speed skal være et positivt tal, fik "${values.speed}"`,
    Number.isNaN(now.getTime()) && `--now skal være et ISO-tidspunkt, fik "${values.now}"`,
  ].filter(Boolean);
  if (problems.length > 0) {
    console.error(`${problems.join('\n')}\n\n${usage}`);
    process.exit(2);
  }
  return {
    port,
    speed,
    now,
    dataDir: values.memory ? undefined : values['data-dir'],
    coursesDir: values.courses,
    coordinatorPassword: values['coordinator-password'],
  };
}

// Node 20 is this project's floor until the lockfile moves to SDK releases that need 22 (ARCHITECTURE.md, "Runtimes and bundling").
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const options = parseOptions();
console.log('Starter kursus-tilmelding lokalt (DynamoDB Local starter en JVM: få sekunder) …');
try {
  const stack = await startLocalStack({ ...options, log: (line) => console.log(line) });
  const course = stack.courses[0];
  console.log(`
kursus-tilmelding kører lokalt
  Web:       ${stack.url}/
  Koordinator: ${stack.url}/admin/   (bruger ${stack.auth.username}, adgangskode ${stack.auth.password})
  Mail:      ${stack.mailUrl}/   (alle sendte mails; JSON på ${stack.mailUrl}/store)
  API:       ${stack.url}/courses/{courseId}${course ? `   (fx ${stack.url}/courses/${course.id})` : ''}
  Kurser:    ${stack.courses.map((c) => c.id).join(', ')}
  Ur:        ${formatDanishInstant(stack.clock.now())} (Europe/Copenhagen)${options.speed !== 1 ? `, ${options.speed}× hurtigere` : ''}
  Data:      ${options.dataDir ? `${options.dataDir} (DynamoDB Local, tabel ${stack.tableName})` : 'kun i hukommelsen (--memory)'}
  DynamoDB:  ${stack.dynamoDbEndpoint}
Stop med Ctrl-C.`);
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopper …');
    await stack.stop();
    console.log('Stoppet.');
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
