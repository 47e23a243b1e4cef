/**
 * The measured agreement of the gradient flow (RKC in log time at its default tolerance) with exact GD at η = 0.01,
 * as `npm run validate` prints it (scripts/validate.mjs; README "Gradient flow"), quoted in the provenance of every
 * figure that runs the flow in place of GD. Re-measure and update when the integrator or its defaults change; the
 * CI test test/train/flowAgreement.test.ts checks a small case of the same claim.
 */
export const FLOW_GD_AGREEMENT = {
  measured: "npm run validate, 2026-12-01: N = 400 at λ ∈ {0.05, 0.48, 0.52} (3 draws each) and N = 4000 at λ = 0.48",
  maxPopAccDiff: 2.8e-5,
  maxRelSigmaNormSDiff: 1.9e-4,
  maxRelBDiff: 4.9e-5,
} as const;
