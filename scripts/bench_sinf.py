"""Reference S_inf solve in numpy (SPEC 3.5): damped Newton on F(S) = log sum_i exp(S.x_i) from S = 0, the full
Hessian X^T diag(p) X - g g^T and its Cholesky factor at every step (LAPACK through numpy, every core), Armijo
backtracking, stop at ||grad F|| / max_i ||x_i|| < 1e-12. Timed like scripts/bench.mjs.
Usage: python3 scripts/bench_sinf.py X.f64 N d reps -> prints "median_seconds norm iterations"."""
import sys, time
import numpy as np

path, n, d, reps = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
X = np.fromfile(path, dtype=np.float64).reshape(n, d)
scale = np.sqrt((X * X).sum(axis=1)).max()


def lse(z):
    m = z.max()
    return m + np.log(np.exp(z - m).sum())


def solve():
    S = np.zeros(d)
    for it in range(100):
        z = X @ S
        F = lse(z)
        p = np.exp(z - F)
        g = X.T @ p
        if np.linalg.norm(g) / scale < 1e-12:
            return S, it
        H = (X.T * p) @ X - np.outer(g, g)
        L = np.linalg.cholesky(H)
        step = -np.linalg.solve(L.T, np.linalg.solve(L, g))
        slope = g @ step
        u = X @ step
        t = 1.0
        while t > 2.0 ** -60 and lse(z + t * u) > F + 1e-4 * t * slope:
            t *= 0.5
        S = S + t * step
    return S, 100


times = []
for _ in range(reps):
    t0 = time.perf_counter()
    S, it = solve()
    times.append(time.perf_counter() - t0)
print(float(np.median(times)), float(np.linalg.norm(S)), it)
