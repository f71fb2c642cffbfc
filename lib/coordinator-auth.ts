import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import {
  AccountRecovery,
  CfnUserPoolGroup,
  FeaturePlan,
  Mfa,
  UserPool,
  type UserPoolClient,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { COORDINATORS_GROUP } from '../functions/handlers/coordinator-auth.ts';

/**
 * The coordinators' accounts: a Cognito user pool nobody can sign up to (an administrator adds each
 * coordinator, see scripts/add-coordinator.ts), with a strong password policy and TOTP MFA available,
 * and the HTTP API's JWT authorizer that checks its access tokens before any coordinator route runs.
 */
export class CoordinatorAuth extends Construct {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;
  readonly authorizer: HttpUserPoolAuthorizer;
  /** Cognito's JSON API endpoint, where the dashboard sends InitiateAuth (the site's config.json). */
  readonly endpoint: string;
  /** The dashboard's app client: the authorizer's audience, and the `ClientId` of every sign-in. */
  readonly clientId: string;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.userPool = new UserPool(this, 'Coordinators', {
      selfSignUpEnabled: false,
      signInAliases: { username: true, email: true },
      signInCaseSensitive: false,
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      // Named, not left to CDK's default: TOTP MFA and the password policy, without Plus's price per user.
      featurePlan: FeaturePlan.ESSENTIALS,
      // The accounts outlive any deployment of the API; losing them would lock the coordinators out.
      removalPolicy: RemovalPolicy.RETAIN,
      deletionProtection: true,
      // scripts/add-coordinator.ts creates each account; Cognito mails this with the temporary password.
      userInvitation: {
        emailSubject: 'Din adgang som kursuskoordinator',
        emailBody:
          'Hej. Du er oprettet som koordinator for kursustilmeldingerne med brugernavnet {username} og den midlertidige adgangskode {####}. Log ind på koordinatorsiden inden for 3 dage og vælg din egen adgangskode.',
      },
    });
    new CfnUserPoolGroup(this, 'CoordinatorsGroup', {
      userPoolId: this.userPool.userPoolId,
      groupName: COORDINATORS_GROUP,
      description: 'Kursuskoordinatorer: må se og ændre tilmeldinger',
    });
    this.client = this.userPool.addClient('Dashboard', {
      // A browser page cannot keep a secret; the password flows are what the dashboard speaks.
      generateSecret: false,
      authFlows: { userPassword: true, userSrp: true },
      // The pool has no hosted sign-in page; without this CDK would allow the implicit grant to example.com.
      disableOAuth: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
      preventUserExistenceErrors: true,
    });
    this.authorizer = new HttpUserPoolAuthorizer('CoordinatorAuthorizer', this.userPool, {
      userPoolClients: [this.client],
    });
    this.clientId = this.client.userPoolClientId;
    this.endpoint = `https://cognito-idp.${Stack.of(this).region}.amazonaws.com/`;

    Validations.of(this.userPool).acknowledge({
      id: 'AwsSolutions-COG2',
      reason:
        'MFA (TOTP only) is available to every coordinator, who turns it on with an authenticator app; optional rather than forced, so a lost phone cannot lock the course out.',
    });
    for (const id of ['AwsSolutions-COG3', 'AwsSolutions-COG8']) {
      Validations.of(this.userPool).acknowledge({
        id,
        reason:
          'Threat protection needs the Plus feature plan (paid per user); a handful of administrator-created accounts with strong passwords and MFA do not warrant it yet.',
      });
    }
  }
}
