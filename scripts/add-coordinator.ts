import { parseArgs } from 'node:util';
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { COORDINATORS_GROUP } from '../functions/handlers/coordinator-auth.ts';

const usage = `Brug: npx tsx scripts/add-coordinator.ts --user-pool-id <id> --username <navn> --email <adresse>

Opretter en koordinator i brugerpuljen (stakkens output CoordinatorUserPoolId). Cognito mailer en
midlertidig adgangskode, som skal skiftes ved første login. Bruger AWS-legitimationen fra miljøet.`;

export interface NewCoordinator {
  userPoolId: string;
  username: string;
  email: string;
}

/** Creates the user (Cognito mails the temporary password) and puts it in the coordinators group. */
export async function addCoordinator(
  client: CognitoIdentityProviderClient,
  user: NewCoordinator,
): Promise<void> {
  await client.send(
    new AdminCreateUserCommand({
      UserPoolId: user.userPoolId,
      Username: user.username,
      UserAttributes: [
        { Name: 'email', Value: user.email },
        { Name: 'email_verified', Value: 'true' },
      ],
      DesiredDeliveryMediums: ['EMAIL'],
    }),
  );
  await client.send(
    new AdminAddUserToGroupCommand({
      UserPoolId: user.userPoolId,
      Username: user.username,
      GroupName: COORDINATORS_GROUP,
    }),
  );
}

function parseOptions(argv: string[]): NewCoordinator {
  const { values } = parseArgs({
    args: argv,
    options: {
      'user-pool-id': { type: 'string' },
      username: { type: 'string' },
      email: { type: 'string' },
    },
  });
  const userPoolId = values['user-pool-id'];
  const { username, email } = values;
  if (!userPoolId || !username || !email || !/^[^@\s]+@[^@\s]+$/.test(email)) {
    console.error(usage);
    process.exit(2);
  }
  return { userPoolId, username, email };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const user = parseOptions(process.argv.slice(2));
  const client = new CognitoIdentityProviderClient({});
  await addCoordinator(client, user);
  console.log(`Koordinatoren ${user.username} er oprettet; Cognito mailer en midlertidig adgangskode.`);
}
