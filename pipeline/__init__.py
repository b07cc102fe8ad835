"""The danvan command line, database, runs, evaluation and benchmarks."""

__version__ = "0.1.0"
