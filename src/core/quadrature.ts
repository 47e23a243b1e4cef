/**
 * Adaptive Gauss–Kronrod quadrature (the 7/15-point pair of QUADPACK's qk15) for smooth integrands on finite
 * intervals, with user breakpoints where the integrand has fine features.
 */

import { pow } from "./detMath.js";

// Kronrod abscissae (descending, last is the centre) and weights; Gauss 7-point weights for the odd-indexed nodes.
const XGK = [
  0.9914553711208126, 0.9491079123427585, 0.8648644233597691, 0.7415311855993945, 0.5860872354676911,
  0.4058451513773972, 0.20778495500789848, 0,
];
const WGK = [
  0.022935322010529224, 0.06309209262997856, 0.10479001032225019, 0.14065325971552592, 0.1690047266392679,
  0.19035057806478542, 0.20443294007529889, 0.20948214108472782,
];
const WG = [0.1294849661688697, 0.27970539148927664, 0.3818300505051189, 0.4179591836734694];

/**
 * ∫_lo^hi f by the 15-point Kronrod rule, with QUADPACK's error estimate: |Kronrod − Gauss| rescaled by
 * (200·|K − G|/resasc)^{3/2} (far less pessimistic than |K − G| for smooth integrands), floored at 50 ulp of ∫|f|.
 */
function kronrod15(f: (u: number) => number, lo: number, hi: number): { value: number; err: number } {
  const c = 0.5 * (lo + hi);
  const h = 0.5 * (hi - lo);
  const fv = new Float64Array(15);
  fv[7] = f(c);
  for (let i = 0; i < 7; i++) {
    fv[i] = f(c - h * XGK[i]);
    fv[14 - i] = f(c + h * XGK[i]);
  }
  let k = fv[7] * WGK[7];
  let g = fv[7] * WG[3];
  let abs = Math.abs(fv[7]) * WGK[7];
  for (let i = 0; i < 7; i++) {
    k += WGK[i] * (fv[i] + fv[14 - i]);
    abs += WGK[i] * (Math.abs(fv[i]) + Math.abs(fv[14 - i]));
    if (i % 2 === 1) g += WG[(i - 1) / 2] * (fv[i] + fv[14 - i]);
  }
  const mean = 0.5 * k;
  let asc = WGK[7] * Math.abs(fv[7] - mean);
  for (let i = 0; i < 7; i++) asc += WGK[i] * (Math.abs(fv[i] - mean) + Math.abs(fv[14 - i] - mean));
  let err = Math.abs((k - g) * h);
  const resasc = asc * Math.abs(h);
  if (resasc !== 0 && err !== 0) err = resasc * Math.min(1, pow((200 * err) / resasc, 1.5));
  err = Math.max(err, 50 * Number.EPSILON * abs * Math.abs(h));
  return { value: k * h, err };
}

interface Piece {
  lo: number;
  hi: number;
  value: number;
  err: number;
}

/** Sift the largest error to the top of a binary max-heap kept in an array. */
function heapPush(heap: Piece[], p: Piece): void {
  heap.push(p);
  for (let i = heap.length - 1; i > 0; ) {
    const parent = (i - 1) >> 1;
    if (heap[parent].err >= heap[i].err) break;
    [heap[parent], heap[i]] = [heap[i], heap[parent]];
    i = parent;
  }
}

function heapPop(heap: Piece[]): Piece {
  const top = heap[0];
  const last = heap.pop() as Piece;
  if (heap.length > 0) {
    heap[0] = last;
    for (let i = 0; ; ) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && heap[l].err > heap[m].err) m = l;
      if (r < heap.length && heap[r].err > heap[m].err) m = r;
      if (m === i) break;
      [heap[m], heap[i]] = [heap[i], heap[m]];
      i = m;
    }
  }
  return top;
}

/**
 * ∫ f over [cuts[0], cuts[last]] (cuts sorted ascending) by globally adaptive bisection (QUADPACK's QAG strategy):
 * always split the piece with the largest error estimate until the summed estimate is below rtol × |integral|, or
 * `maxRules` 15-point rules have been spent (bounded time; accuracy is then not guaranteed).
 */
export function integrateAdaptive(
  f: (u: number) => number,
  cuts: readonly number[],
  rtol: number,
  maxRules = 200_000,
): number {
  const heap: Piece[] = [];
  let value = 0;
  let err = 0;
  for (let i = 1; i < cuts.length; i++) {
    const piece = { lo: cuts[i - 1], hi: cuts[i], ...kronrod15(f, cuts[i - 1], cuts[i]) };
    value += piece.value;
    err += piece.err;
    heapPush(heap, piece);
  }
  for (let rules = heap.length; err > rtol * Math.abs(value) && rules < maxRules; rules += 2) {
    const worst = heapPop(heap);
    const mid = 0.5 * (worst.lo + worst.hi);
    if (mid <= worst.lo || mid >= worst.hi) break; // the piece is one float wide: nothing left to split
    const left = { lo: worst.lo, hi: mid, ...kronrod15(f, worst.lo, mid) };
    const right = { lo: mid, hi: worst.hi, ...kronrod15(f, mid, worst.hi) };
    value += left.value + right.value - worst.value;
    err += left.err + right.err - worst.err;
    heapPush(heap, left);
    heapPush(heap, right);
  }
  return value;
}
