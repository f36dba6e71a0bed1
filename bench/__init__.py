"""Benchmarks. `make bench` (python -m bench) runs every bench/<name>.py that has a main(), each
against a throwaway database, and prints one JSON line per figure."""
