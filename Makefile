# One place for the project's tasks. `make ci` runs exactly what CI runs (.ci/run: three
# cells of their own, on a clean venv each); the others are the quick loops of a change.
.PHONY: ci check lint types test pictures readme benchmark

ci:
	bash .ci/run

check: lint types test

lint:
	ruff check src tests scripts benchmarks
	ruff format --check src tests scripts benchmarks

types:
	mypy

test:
	pytest

pictures:
	python scripts/pictures.py

readme:
	python scripts/readme.py

benchmark:
	python benchmarks/run.py
