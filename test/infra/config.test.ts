import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAppConfig } from '../../lib/config.ts';
import { removeOutdirs } from './support.ts';

afterAll(removeOutdirs);

const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as {
  app: string;
  context: Record<string, unknown>;
};

describe('the CDK context', () => {
  it('runs the app with tsx and has defaults that make a valid dev configuration', () => {
    expect(cdkJson.app).toBe('npx tsx bin/app.ts');
    expect(parseAppConfig(cdkJson.context)).toEqual({
      stage: 'dev',
      senderAddress: 'kursus@example.dk',
      coordinatorAddress: 'koordinator@example.dk',
      sellerCvr: '29189781',
      sellerBankReg: '1234',
      sellerBankAccount: '0012345678',
      mailMaxPerSecond: 10,
      personalDataRetentionDays: 180,
      apiRateLimit: 20,
      apiBurstLimit: 50,
      wafApiRequestsPerFiveMinutes: 1000,
      wafSignupsPerFiveMinutes: 30,
      region: 'eu-north-1',
    });
  });

  it('accepts -c overrides, which arrive as strings', () => {
    const config = parseAppConfig({
      ...cdkJson.context,
      stage: 'prod',
      apiRateLimit: '15',
      mailMaxPerSecond: '14',
      teacherAddress: 'underviser@example.dk',
      sellerBankAccount: '0000123456',
    });
    expect(config).toMatchObject({
      stage: 'prod',
      apiRateLimit: 15,
      mailMaxPerSecond: 14,
      teacherAddress: 'underviser@example.dk',
      sellerBankAccount: '0000123456',
    });
  });

  it('treats an empty -c teacherAddress= as not configured', () => {
    expect(parseAppConfig({ ...cdkJson.context, teacherAddress: '' }).teacherAddress).toBeUndefined();
  });

  it('refuses a malformed address or limit, naming the context key', () => {
    expect(() => parseAppConfig({ ...cdkJson.context, coordinatorAddress: 'koordinator' })).toThrow(
      /coordinatorAddress/,
    );
    expect(() => parseAppConfig({ ...cdkJson.context, apiBurstLimit: 'many' })).toThrow(/apiBurstLimit/);
    expect(() => parseAppConfig({ ...cdkJson.context, mailMaxPerSecond: '0' })).toThrow(/mailMaxPerSecond/);
    expect(() => parseAppConfig({ ...cdkJson.context, personalDataRetentionDays: '-1' })).toThrow(
      /personalDataRetentionDays/,
    );
  });

  it('refuses seller details an invoice could not carry: a CVR failing modulus 11, malformed bank numbers', () => {
    // 29189782 differs from the valid 29189781 in the check digit only.
    expect(() => parseAppConfig({ ...cdkJson.context, sellerCvr: '29189782' })).toThrow(
      /sellerCvr.*modulus 11/,
    );
    expect(() => parseAppConfig({ ...cdkJson.context, sellerCvr: '2918978' })).toThrow(/sellerCvr/);
    expect(() => parseAppConfig({ ...cdkJson.context, sellerBankReg: '123' })).toThrow(/sellerBankReg/);
    expect(() => parseAppConfig({ ...cdkJson.context, sellerBankAccount: '12345' })).toThrow(
      /sellerBankAccount/,
    );
    expect(() => parseAppConfig({ ...cdkJson.context, sellerBankAccount: '12345678901' })).toThrow(
      /sellerBankAccount/,
    );
  });

  it.each(['senderAddress', 'sellerCvr', 'sellerBankReg', 'sellerBankAccount', 'mailMaxPerSecond'])(
    'requires %s, without which the mailing functions would not start',
    (key) => {
      const { [key]: _left, ...rest } = cdkJson.context;
      expect(() => parseAppConfig(rest)).toThrow(new RegExp(key));
    },
  );
});
