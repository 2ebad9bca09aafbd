# octgate: the two commands a new user needs are `make run` and `make test`.
BUILD_TEST    ?= build/test
BUILD_RELEASE ?= build/release
BUILD_FUZZ    ?= build/fuzz
FUZZ_SECONDS  ?= 60
JOBS          ?= $(shell nproc)
LISTEN        ?= 127.0.0.1:8080

# ccache hits across checkouts in different folders (CI builds a fresh clone elsewhere).
export CCACHE_BASEDIR   := $(CURDIR)
export CCACHE_NOHASHDIR := true

.PHONY: deps build build-test build-fuzz run test fuzz bench bench-ilm clean

deps:
	bash scripts/install-deps.sh

$(BUILD_RELEASE)/build.ninja: | deps
	cmake -S . -B $(BUILD_RELEASE) -G Ninja -DCMAKE_BUILD_TYPE=Release -DOCTGATE_TESTS=OFF

$(BUILD_TEST)/build.ninja: | deps
	cmake -S . -B $(BUILD_TEST) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DOCTGATE_SANITIZE=ON -DOCTGATE_BENCH=OFF

# libFuzzer targets only (clang-14, ASan + UBSan): docs/fuzzing.md.
$(BUILD_FUZZ)/build.ninja: | deps
	CC=clang-14 CXX=clang++-14 cmake -S . -B $(BUILD_FUZZ) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DOCTGATE_FUZZ=ON -DOCTGATE_TESTS=OFF -DOCTGATE_BENCH=OFF

build: $(BUILD_RELEASE)/build.ninja
	cmake --build $(BUILD_RELEASE) -j $(JOBS) --target octgate

build-test: $(BUILD_TEST)/build.ninja
	cmake --build $(BUILD_TEST) -j $(JOBS)

build-fuzz: $(BUILD_FUZZ)/build.ninja
	cmake --build $(BUILD_FUZZ) -j $(JOBS)

# Runs the service on its embedded ILM engine.
run: build
	$(BUILD_RELEASE)/octgate serve --listen $(LISTEN)

# Installs, builds (ASan + UBSan) and runs every test, unit and end-to-end, then each fuzz target
# over its seed corpus and a few seconds of new inputs.
test: build-test build-fuzz
	bash scripts/test-env.sh ctest --test-dir $(BUILD_TEST) --output-on-failure -j $(JOBS)
	bash scripts/fuzz-smoke.sh $(BUILD_FUZZ)

# Every fuzz target for FUZZ_SECONDS; new inputs go to $(BUILD_FUZZ)/corpus-new/<target> (not in git).
fuzz: build-fuzz
	bash scripts/fuzz-run.sh $(BUILD_FUZZ) $(FUZZ_SECONDS)

bench: build
	@echo "see bench/README.md"

# ILM engine: single-thread ms per B-scan and accuracy on the synthetic generator.
bench-ilm: $(BUILD_RELEASE)/build.ninja
	cmake -S . -B $(BUILD_RELEASE) -DOCTGATE_BENCH=ON >/dev/null
	cmake --build $(BUILD_RELEASE) -j $(JOBS) --target bench_ilm
	$(BUILD_RELEASE)/bench_ilm

clean:
	rm -rf build
