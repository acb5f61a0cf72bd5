# Two commands do all their own set-up: `make run` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test bench bench-scale bench-orders samples clean compiled spark test-spark

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[gui,test]'
	touch $(STAMP)

# an installed app has its bytecode compiled (wheels, the frozen app); a source
# checkout run with PYTHONDONTWRITEBYTECODE would compile it at every start
compiled: $(STAMP)
	$(BIN)/python -m compileall -q src

run: compiled
	$(BIN)/python -m kpipack.launch

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q

# the spark extra (--engine spark): pyspark from the package index, Java 17 from
# the OS packages where no java is on the PATH (as root, as CI runs)
SPARK_STAMP := $(VENV)/.spark-installed
$(SPARK_STAMP): $(STAMP)
	command -v java >/dev/null || { apt-get update -q && apt-get install -y -q openjdk-17-jre-headless; }
	$(BIN)/pip install -q -e '.[gui,test,spark]'
	touch $(SPARK_STAMP)

spark: $(SPARK_STAMP)

test-spark: $(SPARK_STAMP)
	$(BIN)/python -m pytest -q tests/test_spark_parts.py

samples: $(STAMP)
	$(BIN)/python resources/samples/generate.py

bench-orders: compiled
	$(BIN)/python bench/replenishment.py

bench: compiled
	$(BIN)/python bench/run.py

bench-scale: compiled
	$(BIN)/python bench/scale.py

clean:
	rm -rf $(VENV) out build *.egg-info
