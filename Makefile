# Kanade. `make run` opens the workstation on its demo session; `make test` runs every test.
SWIFT ?= swift
JOBS  ?= $(shell nproc)

.PHONY: deps build debug run test bench fuzz fuzz-charts clean licenses

deps:
	@scripts/install-deps.sh

build: deps
	$(SWIFT) build -c release -j $(JOBS)

debug: deps
	$(SWIFT) build -j $(JOBS)

run: build
	.build/release/kanade

# The tests drive the built `kanade` binary (CLI and tmux tests), so build it first.
# The real-time playback bar (30 s through a clocked sink with zero underruns) runs on its own,
# first: in the parallel run it would compete with tmux and CLI tests for 2 cores. The whole
# suite runs last, so its summary is the run's closing line.
REALTIME_TESTS := thirtySecondsUnderLoadWithoutUnderruns

test: deps
	$(SWIFT) build -j $(JOBS) --build-tests
	# The audio thread's compile-time real-time checks (@_noAllocation @_noLocks) run only in optimized builds.
	$(SWIFT) build -c release -j $(JOBS) --target Synth
	# Let the machine settle after the build: started right after a fresh build in a clean clone, the bar saw
	# 1-2 underruns twice (2026-11-21); started 15 s later, or on a warm build, none in 6 runs. The cause is not
	# pinned down (writeback of the build's objects is the suspect; sync alone did not fix it).
	sync
	sleep 15
	$(SWIFT) test --skip-build --filter $(REALTIME_TESTS)
	$(SWIFT) test -j $(JOBS) --skip-build --skip $(REALTIME_TESTS)

bench: deps
	cd Benchmarks && $(SWIFT) package --allow-writing-to-package-directory benchmark

clean:
	rm -rf .build Benchmarks/.build

# Rewrite the Debian and Swift tables of docs/licenses.md from this machine (ldd of the debug binary, dpkg, the
# packages' copyright and LICENSE files). LicensesTests checks every manifest dependency is listed.
licenses: debug
	scripts/licenses.py

# Fuzz the MIDI reader with libFuzzer + AddressSanitizer for FUZZ_TIME seconds, seeded with the MIDI test
# fixtures (the malformed corpus and the peer conformance suite in midi/peers included). New inputs collect in .build/fuzz/corpus, crashes in .build/fuzz/
FUZZ_TIME ?= 60
fuzz:
	mkdir -p .build/fuzz/corpus
	cp Tests/Fixtures/midi/*/*.mid .build/fuzz/corpus/
	swiftc -sanitize=fuzzer,address -parse-as-library -O -module-name MusicFuzz \
	  $$(find Sources/Music -name '*.swift') Fuzz/MIDIReaderFuzz.swift -o .build/fuzz/midi-reader-fuzz \
	  2> .build/fuzz/build.log || { cat .build/fuzz/build.log; exit 1; }
	cd .build/fuzz && ./midi-reader-fuzz corpus -max_total_time=$(FUZZ_TIME) -malloc_limit_mb=64 \
	  -rss_limit_mb=2048 -max_len=16384 -print_final_stats=1

# Fuzz the StepMania reader the same way, seeded with the chart fixtures (hand-made and written .sm/.ssc); one
# module named Music, so the Charts sources' `import Music` is the module itself.
fuzz-charts:
	mkdir -p .build/fuzz-charts/corpus
	cp Tests/Fixtures/charts/*/*.sm Tests/Fixtures/charts/*/*.ssc .build/fuzz-charts/corpus/
	swiftc -sanitize=fuzzer,address -parse-as-library -O -module-name Music \
	  $$(find Sources/Music Sources/Charts -name '*.swift') Fuzz/SimfileReaderFuzz.swift -o .build/fuzz-charts/simfile-reader-fuzz \
	  2> .build/fuzz-charts/build.log || { cat .build/fuzz-charts/build.log; exit 1; }
	cd .build/fuzz-charts && ./simfile-reader-fuzz corpus -max_total_time=$(FUZZ_TIME) -malloc_limit_mb=64 \
	  -rss_limit_mb=2048 -max_len=16384 -print_final_stats=1

