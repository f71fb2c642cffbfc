/**
 * Locally every SDK client talks to a stand-in, never to AWS: dummy credentials, a fixed region and no
 * instance-metadata lookups, so nothing leaves the machine.
 */
export const LOCAL_REGION = 'eu-north-1';
export const localAwsCredentials = { accessKeyId: 'local', secretAccessKey: 'local' };

const LOCAL_MAIL_DEFAULTS = {
  SENDER_EMAIL: 'kursus@example.dk',
  SELLER_CVR: '29189781',
  SELLER_BANK_REG: '1234',
  SELLER_BANK_ACCOUNT: '12345678',
  // The runtime sets the address it listens on once it knows its port.
  SITE_URL: 'http://localhost:3000',
};

const LOCAL_SCHEDULING_PLACEHOLDERS = {
  SCHEDULE_GROUP: 'local-reminders',
  SEND_REMINDER_ARN: 'arn:aws:lambda:eu-north-1:000000000000:function:local-send-reminder',
  SCHEDULER_ROLE_ARN: 'arn:aws:iam::000000000000:role/local-scheduler',
  REMINDER_DLQ_ARN: 'arn:aws:sqs:eu-north-1:000000000000:local-reminders-dlq',
};

/** The environment a Lambda would get, pointed at the local stand-ins via the SDK's standard variables. */
export function applyLocalAwsEnvironment(settings: {
  dynamoDbEndpoint: string;
  sesEndpoint: string;
  tableName: string;
}): void {
  Object.assign(process.env, {
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: localAwsCredentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: localAwsCredentials.secretAccessKey,
    AWS_EC2_METADATA_DISABLED: 'true',
    // Node 20 is this project's floor until the lockfile moves to SDK releases that need 22 (ARCHITECTURE.md, "Runtimes and bundling").
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    AWS_ENDPOINT_URL_DYNAMODB: settings.dynamoDbEndpoint,
    AWS_ENDPOINT_URL_SES: settings.sesEndpoint,
    TABLE_NAME: settings.tableName,
  });
  // The seller's invoice details and the sender: example values unless the user's environment sets them.
  for (const [name, value] of Object.entries(LOCAL_MAIL_DEFAULTS)) process.env[name] ??= value;
  // Handler modules that sync reminder schedules read these at import; locally the reminder ticker
  // replaces EventBridge Scheduler, so the names only have to exist (no client call ever uses them).
  for (const [name, value] of Object.entries(LOCAL_SCHEDULING_PLACEHOLDERS)) process.env[name] ??= value;
}
