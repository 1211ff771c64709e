"""Classroom-readiness benchmarks: latency, browser round trips, memory and load (issue 8)."""
