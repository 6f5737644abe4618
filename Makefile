# TailSweep — `make demo` runs the main job on the embedded synthetic default,
# `make test` runs the whole test suite. Both install missing system packages first.
SWIFT ?= swift
DEMO_DIR ?= demo-data

.PHONY: all deps build release test demo bench clean

all: build

deps:
	@bash scripts/install-deps.sh

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release --product tailsweep

# The CLI integration tests run the real binary, so build it before the test bundle. The
# PostgreSQL tests use the server in TAILSWEEP_TEST_POSTGRES, or a throwaway one started here.
test: deps
	$(SWIFT) build --product tailsweep
	$(SWIFT) build --build-tests
	@set -e; url="$${TAILSWEEP_TEST_POSTGRES:-}"; [ -n "$$url" ] || url=$$(bash scripts/start-postgres.sh); \
	echo "PostgreSQL for the tests: $$url"; TAILSWEEP_TEST_POSTGRES="$$url" $(SWIFT) test --skip-build

demo: release
	.build/release/tailsweep demo --out $(DEMO_DIR)
	rm -f demo-results.sqlite
	.build/release/tailsweep sweep run sweeps/default.toml --data $(DEMO_DIR) --db demo-results.sqlite
	.build/release/tailsweep summarize --db demo-results.sqlite --sweep default

clean:
	rm -rf .build $(DEMO_DIR) demo-results.sqlite

# Benchmarks live in their own package so the main build and CI never compile the harness.
bench: deps
	cd Benchmarks && $(SWIFT) package --disable-sandbox benchmark
