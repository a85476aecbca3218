"""The benchmark (issue 6): `python -m tests.bench.run`. Not collected by pytest: no file here is named test_*."""
