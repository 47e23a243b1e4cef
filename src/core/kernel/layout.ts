/**
 * The memory layout of the loss kernel and the rules that follow from a problem's shape alone: where a pass is cut
 * into blocks (and so may be shared by threads), how a labelled set is held (its constant-label form, d + 1 columns),
 * and which data sets are drawn straight into kernel memory. train/ and cli/ ask these functions instead of knowing.
 *
 * An arena's memory is [static data | X (N×d, float64 or float32) | per run sharing X: S (d), grad (d), block
 * gradients, outputs | the runs' biases] (arenaBytes; KernelArena.layout places them).
 */

export const PAGE = 65536;
/** wasm32 memory limit (4 GiB) in pages. */
export const MAX_PAGES = 65536;
/** Bytes of one wasm32 memory at most (4 GiB): Kernel.matrix's default limit per memory. */
export const WASM32_MEMORY_BYTES = MAX_PAGES * PAGE;

/**
 * Large passes are cut into CHUNKS row blocks whose partial sums are merged in a fixed order, so that the numbers do
 * not depend on how many threads computed the blocks (one in a browser, every core in the CLI): same seed, same bits,
 * on any machine. Below SPLIT_MIN_ND values of X (and for fewer than MIN_CHUNK_ROWS rows per block) one pass runs.
 */
export const KERNEL_CHUNKS = 8;
export const SPLIT_MIN_ND = 1 << 18;
const MIN_CHUNK_ROWS = 16;

/** Whether a pass over n×d is cut into KERNEL_CHUNKS blocks (a function of the shape alone). */
export function splitsPass(n: number, d: number): boolean {
  return n * d >= SPLIT_MIN_ND && n >= KERNEL_CHUNKS * MIN_CHUNK_ROWS;
}

/** Threads sharing each pass over n×d when `threads` are offered: 1 unless the pass is cut into blocks. */
export function threadsPerPass(n: number, d: number, threads: number): number {
  return splitsPass(n, d) ? Math.max(1, Math.min(threads, KERNEL_CHUNKS)) : 1;
}

/**
 * Columns of X the passes of a data set with dimension d run on: d for constant labels −1, d + 1 for ±1 labels (held in
 * constant-label form, rows −y_i (x_i, 1): train/passes.ts).
 */
export function passColumns(d: number, labelled: boolean): number {
  return labelled ? d + 1 : d;
}

/**
 * Whether an n×columns training X is large enough to be drawn straight into kernel memory (Kernel.matrix) rather
 * than into a plain array copied there on first use: from the size where passes may be split on.
 */
export function drawsIntoKernel(n: number, columns: number): boolean {
  return n * columns >= SPLIT_MIN_ND;
}

/**
 * Rows per block of a split pass over n rows (the last blocks may be shorter or empty): a multiple of 4, the kernel's
 * block of rows.
 */
export function blockRows(n: number): number {
  return Math.ceil(n / KERNEL_CHUNKS / 4) * 4;
}

/** Rounds up to a multiple of 16 bytes (arithmetic, not bitwise: offsets pass 2^31 for an X over 2 GB). */
export const align16 = (bytes: number) => Math.ceil(bytes / 16) * 16;

/** Per-block outputs of a split pass: 8 values each (the layout of `out`). */
export const OUT_LEN = 8;

/**
 * Bytes of an arena's layout after its static data: X (xBytes per value), then for each of `runs` runs sharing X (1
 * but for lossGradients) its S, its gradient, its block gradients and its outputs, and the runs' biases.
 */
export function arenaBytes(nd: number, d: number, xBytes: number, runs: number): number {
  const vec = align16(8 * d);
  return align16(xBytes * nd) + runs * ((2 + KERNEL_CHUNKS) * vec + (1 + KERNEL_CHUNKS) * 8 * OUT_LEN + 8);
}

/** Does one memory of at most `limit` bytes hold the static data (1 page) and arenaBytes(nd, d, xBytes, runs)? */
export function fitsMemory(nd: number, d: number, xBytes: number, runs: number, limit: number): boolean {
  return PAGE + arenaBytes(nd, d, xBytes, runs) <= limit;
}
