import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { EnvironmentError, readEnvironment } from '../../../src/handlers/environment.ts';

const schema = z.object({
  TOKEN_PARAMETER: z.string().startsWith('/'),
  DEADLINE_MARGIN_MS: z.coerce.number().int().positive().default(30_000),
});

describe('Function: readEnvironment', () => {
  it('returns the validated values with defaults', () => {
    // Prepare
    const env = { TOKEN_PARAMETER: '/app/token' };

    // Act
    const result = readEnvironment(schema, env);

    // Assess
    expect(result).toEqual({ TOKEN_PARAMETER: '/app/token', DEADLINE_MARGIN_MS: 30_000 });
  });

  it('names a missing variable', () => {
    // Prepare
    const env = {};

    // Act
    const reading = () => readEnvironment(schema, env);

    // Assess
    expect(reading).toThrow(new EnvironmentError('Environment variable TOKEN_PARAMETER is required'));
  });

  it('treats an empty variable as missing', () => {
    // Prepare
    const env = { TOKEN_PARAMETER: '' };

    // Act
    const reading = () => readEnvironment(schema, env);

    // Assess
    expect(reading).toThrow('Environment variable TOKEN_PARAMETER is required');
  });

  it('names a malformed variable', () => {
    // Prepare
    const env = { TOKEN_PARAMETER: '/app/token', DEADLINE_MARGIN_MS: 'soon' };

    // Act
    const reading = () => readEnvironment(schema, env);

    // Assess
    expect(reading).toThrow(/Environment variable DEADLINE_MARGIN_MS/);
  });
});
