import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { addCoordinator } from '../../scripts/add-coordinator.ts';

describe('adding a coordinator', () => {
  it('creates the user with a mailed temporary password and puts it in the coordinators group', async () => {
    const cognito = mockClient(CognitoIdentityProviderClient);
    cognito.on(AdminCreateUserCommand).resolves({}).on(AdminAddUserToGroupCommand).resolves({});
    await addCoordinator(new CognitoIdentityProviderClient({ region: 'eu-north-1' }), {
      userPoolId: 'eu-north-1_abc',
      username: 'lone',
      email: 'lone@example.dk',
    });
    expect(cognito.commandCalls(AdminCreateUserCommand)[0]?.args[0].input).toMatchObject({
      UserPoolId: 'eu-north-1_abc',
      Username: 'lone',
      DesiredDeliveryMediums: ['EMAIL'],
      UserAttributes: expect.arrayContaining([{ Name: 'email', Value: 'lone@example.dk' }]),
    });
    expect(cognito.commandCalls(AdminAddUserToGroupCommand)[0]?.args[0].input).toEqual({
      UserPoolId: 'eu-north-1_abc',
      Username: 'lone',
      GroupName: 'coordinators',
    });
  });

  it('does not add to the group a user it could not create', async () => {
    const cognito = mockClient(CognitoIdentityProviderClient);
    cognito.on(AdminCreateUserCommand).rejects(new Error('UsernameExistsException'));
    await expect(
      addCoordinator(new CognitoIdentityProviderClient({ region: 'eu-north-1' }), {
        userPoolId: 'p',
        username: 'lone',
        email: 'lone@example.dk',
      }),
    ).rejects.toThrow('UsernameExistsException');
    expect(cognito.commandCalls(AdminAddUserToGroupCommand)).toHaveLength(0);
  });
});
