import type { RecordedRequest, SimulatorStats } from '../types.ts';

/** What the simulator has seen; the same object stays live across resets. */
export class StatsRecorder implements SimulatorStats {
  readonly callsByEndpoint: Record<string, number> = {};
  readonly requests: RecordedRequest[] = [];
  private issued = 0;

  get tokensIssued(): number {
    return this.issued;
  }

  tokenIssued(): void {
    this.issued++;
  }

  record(request: RecordedRequest): void {
    this.callsByEndpoint[request.endpoint] = (this.callsByEndpoint[request.endpoint] ?? 0) + 1;
    this.requests.push(request);
  }

  reset(): void {
    for (const key of Object.keys(this.callsByEndpoint)) delete this.callsByEndpoint[key];
    this.requests.length = 0;
    this.issued = 0;
  }
}
