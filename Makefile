# Kanade. `make run` opens the workstation on its demo session; `make test` runs every test.
SWIFT ?= swift
JOBS  ?= $(shell nproc)

.PHONY: deps build debug run test bench fuzz clean

deps:
	@scripts/install-deps.sh

build: deps
	$(SWIFT) build -c release -j $(JOBS)

debug: deps
	$(SWIFT) build -j $(JOBS)

run: build
	.build/release/kanade

# The tests drive the built `kanade` binary (CLI and tmux tests), so build it first.
test: deps
	$(SWIFT) build -j $(JOBS) --build-tests
	$(SWIFT) test -j $(JOBS) --skip-build

bench: deps
	cd Benchmarks && $(SWIFT) package --allow-writing-to-package-directory benchmark

clean:
	rm -rf .build Benchmarks/.build
