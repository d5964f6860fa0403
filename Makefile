# tiktok-framing: `make report` builds everything, `make test` runs the tests.
# Both (re)create the project environment in .venv first when it is missing or older
# than the lock. Run `make help` for the list of targets.

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
LOCK := requirements/lock.txt
STAMP := $(VENV)/.installed-from-lock
KERNEL := tiktok-framing
# Tools in the venv come first; DVC stages call `python`, which must be the venv's.
export PATH := $(abspath $(BIN)):$(PATH)
export PYTHONHASHSEED := 0

.DEFAULT_GOAL := help
.PHONY: help setup report rebuild test lint format docs sample lab lock clean-venv bench bench-e2e bench-figures fuzz

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): $(LOCK) pyproject.toml
	@echo "Creating $(VENV) from $(LOCK) ..."
	rm -rf $(VENV)
	$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "Python 3.11 is required, found " + sys.version'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -r $(LOCK)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	$(BIN)/python -m ipykernel install --sys-prefix --name $(KERNEL) --display-name "Python (tiktok-framing)"
	mkdir -p $(VENV)/etc/ipython  # the kernel logs only real failures (no transport warnings on stderr)
	printf 'c.IPKernelApp.log_level = "CRITICAL"\n' > $(VENV)/etc/ipython/ipython_kernel_config.py
	touch $(STAMP)

setup: $(STAMP) ## Create or update the environment in .venv (from the lock)

report: $(STAMP) ## Bring every output up to date (runs only the stages whose inputs changed)
	$(BIN)/dvc repro

rebuild: $(STAMP) ## Rerun every stage, whether or not its inputs changed
	$(BIN)/dvc repro --force

test: $(STAMP) ## Lint (ruff) and run the test suite
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest

lint: $(STAMP) ## Lint only; `make format` rewrites the code in the project's style
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP) ## Sort imports and format the code with ruff
	$(BIN)/ruff check --fix --select I .
	$(BIN)/ruff format .

# Strict: a warning (a broken cross-reference or link, a missing page) fails the build; nothing is fetched.
docs: $(STAMP) ## Build the documentation site into docs/_build/html (strict: a warning fails)
	$(BIN)/sphinx-build -W --keep-going -n -q -b html docs docs/_build/html

# Jupyter refuses to start as root ("Running as root is not recommended") unless told;
# containers and many lab machines run as root.
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root,)
sample: $(STAMP) ## Draw a stratified sample of sentences to hand-code into the sheet named by `annotations`
	$(BIN)/python -c 'import sys; from analysis.frames.sampling import main; sys.exit(main())'  # not -m: the package imports the module first (RuntimeWarning)

lab: $(STAMP) ## Open JupyterLab on the project kernel
	$(BIN)/jupyter lab --notebook-dir=notebooks $(ALLOW_ROOT) --MappingKernelManager.default_kernel_name=$(KERNEL)

lock: ## Re-resolve requirements/requirements.in into requirements/lock.txt
	PYTHON=$(PYTHON) bash tools/lock.sh

clean-venv: ## Remove the environment (the next target recreates it)
	rm -rf $(VENV)

BENCH_ARGS ?=
bench: $(STAMP) ## Benchmark the library pipeline on SaudiNewsNet (../shared); e.g. make bench BENCH_ARGS="--jobs 2"
	$(BIN)/python benchmarks/bench_pipeline.py $(BENCH_ARGS)

E2E_ARGS ?= --table-format parquet --dvc-cache
bench-e2e: $(STAMP) ## Run dvc repro on SaudiNewsNet in a temporary copy: time and peak RSS per stage (E2E_ARGS)
	$(BIN)/python benchmarks/bench_e2e.py $(E2E_ARGS)

bench-figures: $(STAMP) ## Check that the report's figure functions are linear (time on 2n / time on n)
	$(BIN)/python benchmarks/figure_scaling.py

FUZZ_ARGS ?= --minutes 5 --json benchmarks/results/fuzz-latest.json
fuzz: $(STAMP) ## Fuzz the record readers and clean_corpus with generated files for minutes (FUZZ_ARGS)
	$(BIN)/python benchmarks/fuzz_records.py $(FUZZ_ARGS)
