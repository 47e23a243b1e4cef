/** Minimal types for odex 2.0 (Hairer's GBS extrapolation solver; CommonJS). Mapped by tsconfig "paths" because the
 * package ships its TypeScript source, which does not compile under strict settings. */
declare namespace odex {
  type Derivative = (x: number, y: number[]) => number[];
  type OutputFunction = (
    nr: number,
    xold: number,
    x: number,
    y: number[],
    dense?: (component: number, x: number) => number,
  ) => unknown; // return false to stop
  class Solver {
    constructor(n: number);
    maxSteps: number;
    initialStepSize: number;
    denseOutput: boolean;
    relativeTolerance: number | number[];
    absoluteTolerance: number | number[];
    solve(
      f: Derivative,
      x: number,
      y0: number[],
      xEnd: number,
      solOut?: OutputFunction,
    ): { y: number[]; outcome: number; nStep: number; xEnd: number; nAccept: number; nReject: number; nEval: number };
  }
}
export = odex;
