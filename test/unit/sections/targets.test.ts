import { describe, expect, it } from 'vitest';
import { buildReportModel } from '../../../src/core/render/model.ts';
import { judgeTarget, type Target } from '../../../src/core/sections/targets.ts';
import { buildSnapshotFixture } from '../../support/snapshot-fixture.ts';

describe('Function: judgeTarget', () => {
  it('judges a figure as the email shows it: 89.96 % reads 90.0 % and meets 0.9', () => {
    // Prepare
    const target: Target = { metric: 'validReceptionRate', bound: 'min', value: 0.9 };

    // Act
    const states = [0.8996, 0.8994, null].map((value) => judgeTarget(target, value));

    // Assess
    expect(states).toEqual(['met', 'missed', 'unknown']);
  });
});

describe('Function: buildReportModel, missed targets', () => {
  it('leaves a figure a routed slice shows as account-wide out of the slice’s missed targets', () => {
    // Prepare: satisfaction is account-level; valid reception is the slice's own
    const snapshot = buildSnapshotFixture({
      scope: { name: 'Department 2', departmentIds: ['dept-002'], groupIds: [] },
    });
    const targets: readonly Target[] = [
      { metric: 'validReceptionRate', bound: 'min', value: 1 },
      { metric: 'satisfaction5', bound: 'min', value: 5 },
    ];

    // Act
    const model = buildReportModel(snapshot, { title: 'T', language: 'en', sections: ['summary'], targets });

    // Assess
    expect(model.kpis.find((k) => k.metric === 'satisfaction5')?.target?.state).toBe('missed');
    expect(model.missedTargets.map((k) => k.metric)).toEqual(['validReceptionRate']);
  });
});
