"""Reference GD step in numpy (two passes over X: z = X S + b, then X^T w), timed like scripts/bench.mjs.
Usage: python3 scripts/bench_numpy.py N d reps [f64|f32]  -> prints the median seconds per step.
f32: X and S in float32, numpy's float32 arithmetic (what a numpy user gets from float32 arrays)."""
import sys, time
import numpy as np

n, d, reps = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
dtype = np.float32 if len(sys.argv) > 4 and sys.argv[4] == "f32" else np.float64
rng = np.random.default_rng(0)
# drawn in blocks of rows straight into X's dtype: no float64 temporaries of X's size (the paper's 40000 x 19200)
X = np.empty((n, d), dtype=dtype)
for r in range(0, n, 1000):
    X[r:r + 1000] = rng.standard_normal((min(1000, n - r), d)) * 5.0
S = (rng.standard_normal(d) * 0.01).astype(dtype)
b = 0.0
times = []
for _ in range(reps):
    t0 = time.perf_counter()
    z = X @ S + b
    w = 0.5 * (1.0 + np.tanh(0.5 * z))  # sigmoid
    loss = np.logaddexp(0.0, z).mean()
    g = X.T @ w / n
    S = (S - 0.01 * g).astype(dtype, copy=False)
    b = b - 0.01 * w.mean()
    times.append(time.perf_counter() - t0)
print(float(np.median(times)))
