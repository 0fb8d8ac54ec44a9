import { describe, expect, it } from 'vitest';
import { signFor } from '../../../src/adapters/sobot/sign.ts';

describe('Function: signFor', () => {
  it('matches the reference example md5("1" + "1569397773" + "2")', () => {
    // Prepare
    const [appId, createTime, appKey] = ['1', '1569397773', '2'];

    // Act
    const sign = signFor(appId, createTime, appKey);

    // Assess
    expect(sign).toBe('258eec3118705112b2c53dc8043d4d34');
  });
});
