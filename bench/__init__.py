"""Benchmarks run against a throw-away database, never the developer's: `python -m bench.national`."""
