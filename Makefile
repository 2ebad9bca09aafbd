# octgate: the two commands a new user needs are `make run` and `make test`.
BUILD_TEST    ?= build/test
BUILD_RELEASE ?= build/release
JOBS          ?= $(shell nproc)
LISTEN        ?= 127.0.0.1:8080

# ccache hits across checkouts in different folders (CI builds a fresh clone elsewhere).
export CCACHE_BASEDIR   := $(CURDIR)
export CCACHE_NOHASHDIR := true

.PHONY: deps build build-test run test bench bench-ilm clean

deps:
	bash scripts/install-deps.sh

$(BUILD_RELEASE)/build.ninja: | deps
	cmake -S . -B $(BUILD_RELEASE) -G Ninja -DCMAKE_BUILD_TYPE=Release -DOCTGATE_TESTS=OFF

$(BUILD_TEST)/build.ninja: | deps
	cmake -S . -B $(BUILD_TEST) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DOCTGATE_SANITIZE=ON -DOCTGATE_BENCH=OFF

build: $(BUILD_RELEASE)/build.ninja
	cmake --build $(BUILD_RELEASE) -j $(JOBS) --target octgate

build-test: $(BUILD_TEST)/build.ninja
	cmake --build $(BUILD_TEST) -j $(JOBS)

# Runs the service on its embedded ILM engine.
run: build
	$(BUILD_RELEASE)/octgate serve --listen $(LISTEN)

# Installs, builds (ASan + UBSan) and runs every test, unit and end-to-end.
test: build-test
	bash scripts/test-env.sh ctest --test-dir $(BUILD_TEST) --output-on-failure -j $(JOBS)

bench: build
	@echo "see bench/README.md"

# ILM engine: single-thread ms per B-scan and accuracy on the synthetic generator.
bench-ilm: $(BUILD_RELEASE)/build.ninja
	cmake -S . -B $(BUILD_RELEASE) -DOCTGATE_BENCH=ON >/dev/null
	cmake --build $(BUILD_RELEASE) -j $(JOBS) --target bench_ilm
	$(BUILD_RELEASE)/bench_ilm

clean:
	rm -rf build
