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
      apiRateLimit: 20,
      apiBurstLimit: 50,
    });
  });

  it('accepts -c overrides, which arrive as strings', () => {
    const config = parseAppConfig({
      ...cdkJson.context,
      stage: 'prod',
      apiRateLimit: '15',
      teacherAddress: 'underviser@example.dk',
    });
    expect(config).toMatchObject({
      stage: 'prod',
      apiRateLimit: 15,
      teacherAddress: 'underviser@example.dk',
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
  });
});
