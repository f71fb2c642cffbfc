import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { COORDINATORS_GROUP } from '../functions/handlers/coordinator-auth.ts';

const usage = `Brug: npx tsx scripts/add-coordinator.ts --user-pool-id <id> --username <navn> --email <adresse>

Opretter en koordinator i brugerpuljen (stakkens output CoordinatorUserPoolId) og sætter brugeren i
gruppen "${COORDINATORS_GROUP}". Cognito mailer en midlertidig adgangskode, der gælder i 3 dage og skal
skiftes ved første login. Bruger AWS-legitimationen fra miljøet (fx AWS_PROFILE); regionen læses af
puljens id.`;

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
  // An existing username fails here, so an account made for someone else is never made a coordinator.
  await client.send(
    new AdminCreateUserCommand({
      UserPoolId: user.userPoolId,
      Username: user.username,
      UserAttributes: [
        { Name: 'email', Value: user.email },
        // The administrator vouches for the address: recovery and the invitation go to it.
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

/** A user pool id is `<region>_<id>`: the script needs no region setting of its own. */
export function regionOfUserPool(userPoolId: string): string | undefined {
  return /^([a-z]{2}(?:-[a-z]+)+-\d+)_[0-9A-Za-z]+$/.exec(userPoolId)?.[1];
}

/** The options, or what is wrong with them (in Danish, followed by the usage). */
export function parseOptions(argv: string[]): NewCoordinator | { problem: string } {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        'user-pool-id': { type: 'string' },
        username: { type: 'string' },
        email: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    return { problem: (error as Error).message };
  }
  const userPoolId = values['user-pool-id'];
  const { username, email } = values;
  if (values.help) return { problem: '' };
  if (typeof userPoolId !== 'string' || !regionOfUserPool(userPoolId)) {
    return { problem: '--user-pool-id skal være puljens id, fx eu-north-1_AbC123dEf' };
  }
  if (typeof username !== 'string' || username.trim() === '') return { problem: '--username mangler' };
  if (typeof email !== 'string' || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) {
    return { problem: '--email skal være en e-mailadresse' };
  }
  return { userPoolId, username: username.trim(), email };
}

const isMain = process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href;
if (isMain) {
  const options = parseOptions(process.argv.slice(2));
  if ('problem' in options) {
    console.error(options.problem ? `${options.problem}\n\n${usage}` : usage);
    process.exit(options.problem ? 2 : 0);
  }
  const client = new CognitoIdentityProviderClient({ region: regionOfUserPool(options.userPoolId) });
  try {
    await addCoordinator(client, options);
    console.log(
      `Koordinatoren ${options.username} er oprettet og i gruppen ${COORDINATORS_GROUP}; Cognito mailer en midlertidig adgangskode.`,
    );
  } catch (error) {
    const name = (error as Error).name;
    console.error(
      name === 'UsernameExistsException'
        ? `Brugernavnet ${options.username} findes allerede i puljen; intet er ændret.`
        : `Det lykkedes ikke (${name}: ${(error as Error).message}). Se efter i puljen, hvor langt det nåede.`,
    );
    process.exit(1);
  } finally {
    client.destroy();
  }
}
