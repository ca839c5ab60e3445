# make demo: set up .venv and render every example into out/
# make test: set up .venv with the test extras and run the tests
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin

.PHONY: demo test lint bench templates data screenshots clean

$(BIN)/vbhc: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $(BIN)/vbhc

demo: $(BIN)/vbhc
	PATH="$(abspath $(BIN)):$$PATH" sh examples/demo.sh out
	@echo "Lệnh vbhc nằm trong $(VENV)/. Để gõ «vbhc …» trong cửa sổ này, chạy trước:  . $(BIN)/activate"

test: $(BIN)/vbhc
	PATH="$(abspath $(BIN)):$$PATH" $(BIN)/python -m pytest

lint: $(BIN)/vbhc
	$(BIN)/ruff check .

bench: $(BIN)/vbhc
	$(BIN)/python -m benchmarks

templates: $(BIN)/vbhc
	$(BIN)/python tools/build_templates.py

data: $(BIN)/vbhc
	$(BIN)/python tools/make_data.py

# make screenshots: a PNG of each page of the desk into docs/anh/ (by hand, never in CI)
screenshots: $(BIN)/vbhc
	$(BIN)/python tools/screenshots.py docs/anh

clean:
	rm -rf $(VENV) out build *.egg-info
