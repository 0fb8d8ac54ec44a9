import { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
import { AWS_RETRY } from './sdk-retry.ts';

/** Powertools' SSM parameter provider on an SSM client with the SDK's standard retries (AWS_RETRY). */
export function ssmParameters(): SSMProvider {
  return new SSMProvider({ clientConfig: { ...AWS_RETRY } });
}
