"""Performance benchmarks: see run.py for how to run them and how to add one."""
