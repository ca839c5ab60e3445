"""vbhc benchmarks: each one times vbhc against the plain library doing the same job, in the same run.

Run ``python -m benchmarks`` (full sizes, writes benchmarks/RESULTS.md) or
``python -m benchmarks --quick`` (small sizes, a smoke test; no timing assertions anywhere).
"""
