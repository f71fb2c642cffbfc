import { describe, expect, it } from 'vitest';
import { parseOptions, regionOfUserPool } from '../../scripts/add-coordinator.ts';

describe("the add-coordinator script's options", () => {
  it('reads the region from the user pool id, so no region needs setting', () => {
    expect(regionOfUserPool('eu-north-1_AbC123dEf')).toBe('eu-north-1');
    expect(regionOfUserPool('us-gov-west-1_x1')).toBe('us-gov-west-1');
    expect(regionOfUserPool('AbC123dEf')).toBeUndefined();
  });

  it('takes a pool id, a username and an e-mail address', () => {
    expect(
      parseOptions([
        '--user-pool-id',
        'eu-north-1_AbC',
        '--username',
        ' lone ',
        '--email',
        'lone@example.dk',
      ]),
    ).toEqual({ userPoolId: 'eu-north-1_AbC', username: 'lone', email: 'lone@example.dk' });
  });

  it('names what is missing or wrong, in Danish', () => {
    const base = ['--user-pool-id', 'eu-north-1_AbC', '--username', 'lone', '--email', 'lone@example.dk'];
    expect(parseOptions(base.slice(2))).toEqual({ problem: expect.stringContaining('--user-pool-id') });
    expect(parseOptions(base.slice(0, 2).concat(base.slice(4)))).toEqual({ problem: '--username mangler' });
    expect(parseOptions([...base.slice(0, 4), '--email', 'lone'])).toEqual({
      problem: '--email skal være en e-mailadresse',
    });
    expect(parseOptions([...base, '--group', 'admins'])).toEqual({
      problem: expect.stringContaining('--group'),
    });
  });
});
