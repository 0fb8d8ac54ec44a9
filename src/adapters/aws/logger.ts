import { Logger } from '@aws-lambda-powertools/logger';
import { SERVICE_NAME } from './observability.ts';

/** The functions' structured JSON logger (Powertools), named for the service. */
export function lambdaLogger(): Logger {
  return new Logger({ serviceName: SERVICE_NAME });
}
