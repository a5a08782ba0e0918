# Sealtrail: `make demo` sets everything up and runs the main job; `make test` runs every test.
SHELL := /bin/bash
SWIFT ?= swift
BIN := .build/release/sealtrail
DEMO := demo-store
DEMO_EVENTS ?= 100000

.PHONY: deps build release demo test bench clean

# Debian packages the build and tests need (zlib, SQLite, libarchive; python3-cryptography for the
# documented token check; curl and openssl for the live HTTPS test of serve); installed only when missing.
deps:
	@missing=""; for p in zlib1g-dev libdeflate-dev libsqlite3-dev libarchive-dev sqlite3 python3-cryptography unzip curl openssl; do \
	  dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq $$missing; \
	  else sudo apt-get update -qq && sudo apt-get install -y -qq $$missing; fi; \
	fi

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

# Simulate ~100k events, ingest and seal them, verify, prove one event, then damage a copy of the
# store and show verify catching it.
demo: release
	@bash scripts/demo.sh $(BIN) $(DEMO) $(DEMO_EVENTS)

test: deps
	$(SWIFT) build --build-tests
	set -o pipefail; $(SWIFT) test --skip-build 2>&1 | tee .build/test.log
	@n=$$(grep -oE 'Test run with [0-9]+ test' .build/test.log | tail -1 | grep -oE '[0-9]+'); echo "tests: $${n:-0} passed, 0 failed"
	$$($(SWIFT) build --show-bin-path)/sealtrail rules test --rules rules

bench: release
	$(BIN) bench ingest
	$(BIN) bench verify
	$(BIN) bench index

clean:
	rm -rf .build $(DEMO) $(DEMO)-damaged $(DEMO)-damaged-2 $(DEMO).work
