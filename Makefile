# urio - GNU Makefile.  `make` builds build/urio and build/liburio.a;
# `make run` and `make test` first install missing Debian packages (make deps).
#
#   make [BUILD=release|debug] [WERROR=1]   build (debug: -O0, ASan + UBSan)
#   make deps                               install missing Debian packages
#   make run                                run the default model (models/china-2017-4.yaml)
#   make test                               unit tests, command-line tests, report.json
#                                           schema, report.html in a browser, data check
#   make check                              the tests of the current BUILD only
#   make clean
#   make MPI=1                              build/urio-mpi: OpenMPI + ScaLAPACK (docs/cluster.md)

BUILD ?= release
# ROOT lets several builds share a checkout (make ROOT=build-x).
ROOT ?= build
O := $(ROOT)/$(BUILD)

CC ?= cc
PKGS := gsl lapacke openblas yaml-0.1 libcjson
# openblas last: it must also serve GSL's cblas_* calls (STYLE.md section 5), and
# -lgslcblas must go, or GSL's BLAS calls land in the slow reference BLAS.
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS = $(filter-out -lgslcblas,$(shell pkg-config --libs $(PKGS) 2>/dev/null))
# Criterion's headers go in with -isystem so that our warning set does not judge them.
TEST_CFLAGS = $(patsubst -I%,-isystem %,$(shell pkg-config --cflags criterion 2>/dev/null))
TEST_LIBS = $(shell pkg-config --libs criterion 2>/dev/null)

WARN := -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
        -Wformat=2 -Wundef -Wvla -Wdouble-promotion
ifeq ($(WERROR),1)
WARN += -Werror
endif

CFLAGS_release := -O2 -g -DNDEBUG
CFLAGS_debug := -O0 -g3 -fno-omit-frame-pointer -fsanitize=address,undefined \
                -fno-sanitize-recover=all
LDFLAGS_debug := -fsanitize=address,undefined

ALL_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -fopenmp $(WARN) $(CFLAGS_$(BUILD)) \
             -Isolver/include $(PKG_CFLAGS) $(MPI_CFLAGS) $(CFLAGS)
ALL_LDFLAGS = -fopenmp $(LDFLAGS_$(BUILD)) $(LDFLAGS)
LIBS = $(MPI_LIBS) $(PKG_LIBS) -lm

LIB_SRC := $(sort $(wildcard solver/linalg/*.c solver/econ/*.c solver/run/*.c solver/formats/*.c))

# ---- MPI=1: build/urio-mpi (docs/cluster.md) ---------------------------------------
# The distributed engine (solver/run/dist*.c) is compiled only here, with -DURIO_MPI;
# with MPI=0 nothing changes and no MPI header is needed.  OpenMPI's and ScaLAPACK's
# flags come from pkg-config (what mpicc adds); their headers go in with -isystem.
# Objects live apart (ROOT/mpi-BUILD/), so serial and MPI builds never mix.
MPI ?= 0
MPI_PKGS := ompi-c scalapack-openmpi
ifeq ($(MPI),1)
O := $(ROOT)/mpi-$(BUILD)
MPI_CFLAGS = -DURIO_MPI $(patsubst -I%,-isystem %,$(shell pkg-config --cflags $(MPI_PKGS) 2>/dev/null))
MPI_LIBS = $(shell pkg-config --libs $(MPI_PKGS) 2>/dev/null)
else
LIB_SRC := $(filter-out solver/run/dist%,$(LIB_SRC))
CLI_SRC_SKIP := solver/cli/dist.c
endif
CLI_SRC := $(filter-out $(CLI_SRC_SKIP),$(sort $(wildcard solver/cli/*.c)))
TEST_SRC := $(sort $(wildcard tests/unit/*.c))
LIB_OBJ := $(LIB_SRC:%.c=$(O)/%.o)
CLI_OBJ := $(CLI_SRC:%.c=$(O)/%.o)
TEST_OBJ := $(TEST_SRC:%.c=$(O)/%.o)

# build/urio and build/liburio.a are the release build (DESIGN.md section 3);
# the debug build lives entirely under build/debug/.
ifeq ($(MPI),1)
LIB := $(O)/liburio.a
BIN := $(ROOT)/urio-mpi$(if $(filter debug,$(BUILD)),-debug)
else ifeq ($(BUILD),release)
LIB := $(ROOT)/liburio.a
BIN := $(ROOT)/urio
else
LIB := $(O)/liburio.a
BIN := $(O)/urio
endif
TEST_BIN := $(O)/urio-tests

# The benchmark suite (bench/, issue 9): build/urio-bench (release build) against
# liburio.a, so it times the library paths `urio run` takes.  `make bench` (quick
# set, under 10 minutes on 2 cores) and `make bench-full` (adds n = 9,800 and large
# batches) run bench/run.sh; neither is part of `make test`.
BENCH_SRC := bench/urio_bench.c bench/synth.c
BENCH_OBJ := $(BENCH_SRC:%.c=$(O)/%.o)
ifeq ($(BUILD),release)
BENCH_BIN := $(ROOT)/urio-bench
else
BENCH_BIN := $(O)/urio-bench
endif

# The China 2017 tables are generated from the NBS source by data/convert_china_2017.py.
DATA_STAMP := data/china-2017/.stamp
DATA_SRC := data/convert_china_2017.py data/concordance/china-149-to-4.csv $(wildcard data/china-nbs/*.csv)
# The regional inputs of models/china-2017-regions.yaml: data/build_china_regions.py
# from data/china-regions/ and the national tables above.
REGIONS_STAMP := data/china-2017-regions/.stamp
REGIONS_SRC := data/build_china_regions.py $(wildcard data/china-regions/*.csv) $(DATA_STAMP)
# The SAM of models/china-2017-cge.yaml: data/build_china_sam.py from the NBS source,
# the national tables and the regional rural shares above.
SAM_STAMP := data/china-2017-sam/.stamp
SAM_SRC := data/build_china_sam.py data/convert_china_2017.py data/china-fiscal/fiscal_2017.csv \
           $(DATA_STAMP) $(REGIONS_STAMP)

.PHONY: all deps run test check test-unit test-cli test-data clean format format-check bench bench-full
.DEFAULT_GOAL := all

all: $(BIN) $(LIB) $(BENCH_BIN) $(DATA_STAMP) $(REGIONS_STAMP) $(SAM_STAMP)

$(O)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

$(O)/tests/%.o: tests/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(TEST_CFLAGS) -MMD -MP -c $< -o $@

$(LIB): $(LIB_OBJ)
	@mkdir -p $(@D)
	rm -f $@
	ar rcs $@ $^

$(BIN): $(CLI_OBJ) $(LIB)
	$(CC) $(ALL_LDFLAGS) -o $@ $(CLI_OBJ) $(LIB) $(LIBS)

$(TEST_BIN): $(TEST_OBJ) $(LIB)
	$(CC) $(ALL_LDFLAGS) -o $@ $(TEST_OBJ) $(LIB) $(TEST_LIBS) $(LIBS)

$(BENCH_BIN): $(BENCH_OBJ) $(LIB)
	$(CC) $(ALL_LDFLAGS) -o $@ $(BENCH_OBJ) $(LIB) $(LIBS)

# python3-numpy is installed for the numpy peers (bench/peers.py).
bench: $(BENCH_BIN) $(SAM_STAMP)
	@URIO_EXTRA_PKGS="python3-numpy $${URIO_EXTRA_PKGS:-}" sh .ci/deps.sh
	@sh bench/run.sh quick $(BENCH_BIN)

bench-full: $(BENCH_BIN) $(SAM_STAMP)
	@URIO_EXTRA_PKGS="python3-numpy $${URIO_EXTRA_PKGS:-}" sh .ci/deps.sh
	@sh bench/run.sh full $(BENCH_BIN)

$(DATA_STAMP): $(DATA_SRC)
	python3 data/convert_china_2017.py --source data/china-nbs --out data/china-2017
	@touch $@

$(REGIONS_STAMP): $(REGIONS_SRC)
	python3 data/build_china_regions.py --source data/china-regions --national data/china-2017 \
	    --out data/china-2017-regions
	@touch $@

$(SAM_STAMP): $(SAM_SRC)
	python3 data/build_china_sam.py --source data/china-nbs --national data/china-2017 \
	    --regions data/china-2017-regions --facts data/china-regions --out data/china-2017-sam
	@touch $@

deps:
	@URIO_EXTRA_PKGS="$(if $(filter 1,$(MPI)),openmpi-bin libopenmpi-dev libscalapack-openmpi-dev) $${URIO_EXTRA_PKGS:-}" sh .ci/deps.sh

run: deps
	@$(MAKE) --no-print-directory all
	$(BIN) run models/china-2017-4.yaml -s models/scenarios/rural-tourism.yaml

# `make test` checks both builds: release with the given WERROR, then the
# sanitizer build (ASan + UBSan) of the same tests.
test: deps
	@$(MAKE) --no-print-directory check BUILD=release
	@$(MAKE) --no-print-directory check BUILD=debug

# The command-line tests run urio through tests/schema/urio-collect, which keeps a
# copy of every report.json they write; tests/schema/run.sh validates them all
# against docs/report.schema.json, and tests/browser/run.sh opens report.html in
# headless Chromium (skipped without it; .ci/run installs it).  tests/cli/batch.sh
# gets urio itself: it signals the process (SIGINT), which a wrapper would absorb;
# URIO_TEST_SLOW=1 tells it that this is the sanitizer build (fewer draws).
# The MPI comparison (release only) first brings an existing build/urio-mpi up to
# date: one built from older sources differs from build/urio in the last bits.
COLLECT = URIO_REAL=$(abspath $(BIN)) URIO_REPORTS=$(abspath $(O)/reports/cli)
check: $(BIN) $(TEST_BIN) $(DATA_STAMP) $(REGIONS_STAMP) $(SAM_STAMP)
	@sh tests/run-unit.sh $(TEST_BIN)
	@rm -rf $(O)/reports
	@$(COLLECT) sh tests/cli/run.sh tests/schema/urio-collect
	@$(COLLECT) sh tests/cli/pymrio.sh tests/schema/urio-collect
	@$(COLLECT) sh tests/cli/cge.sh tests/schema/urio-collect
	@URIO_TEST_SLOW=$(if $(filter debug,$(BUILD)),1,0) sh tests/cli/batch.sh $(BIN)
	@$(COLLECT) sh tests/cli/catalogue.sh tests/schema/urio-collect
	@sh tests/schema/run.sh $(BIN) $(O)/reports
	@sh tests/browser/run.sh $(BIN) $(O)/browser
	@sh tests/fuzz/replay.sh $(O)/fuzz
	@python3 tests/data/check_china_2017.py data/china-2017 data/china-nbs
	@python3 tests/data/check_china_regions.py data/china-2017-regions data/china-regions data/china-2017
	@python3 tests/data/check_china_sam.py data/china-2017-sam models/china-2017-cge.yaml
	@if [ "$(BUILD)" = release ] && [ "$(MPI)" != 1 ]; then \
	    if [ -x $(ROOT)/urio-mpi ]; then $(MAKE) --no-print-directory MPI=1 $(ROOT)/urio-mpi || exit 1; fi; \
	    sh tests/mpi/run.sh --quick $(ROOT)/urio-mpi $(BIN); fi

clean:
	rm -rf $(ROOT) out data/china-2017 data/china-2017-regions data/china-2017-sam

FORMAT_SRC = $(shell find solver tests bench -name '*.[ch]' 2>/dev/null)
format:
	clang-format -i $(FORMAT_SRC)
format-check:
	clang-format --dry-run -Werror $(FORMAT_SRC)

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(TEST_OBJ:.o=.d) $(BENCH_OBJ:.o=.d)

# ---- Fuzzing and valgrind (tests/fuzz/, tests/valgrind/; docs/reliability.md) ---------
#   make fuzz                      libFuzzer targets, built with clang into ROOT/fuzz/
#   make fuzz-run [FUZZ_TIME=60]   run each target FUZZ_TIME seconds, one after another
#   make fuzz-replay               the clang targets over their corpus and regressions
#   make valgrind                  unit and command-line tests under valgrind (release)
# `make check` replays every corpus and regression input through the same targets
# built with $(CC) (ROOT/BUILD/fuzz/replay-*), so the sanitizer build checks them too.
FUZZ_TARGETS := csv model scenario pymrio cge_scenario
FUZZ_CC ?= clang
# libomp-14-dev for clang's omp.h: gcc's does not compile with clang.
FUZZ_PKGS := clang libclang-rt-14-dev libomp-14-dev
FUZZ_TIME ?= 60
FUZZ_O := $(ROOT)/fuzz
# Without OpenMP code generation (the parsers are serial): -fopenmp=libgomp only
# links libgomp, the runtime OpenBLAS uses.  The gcc build is the one held to
# -Werror; here clang's -Wdouble-promotion (INFINITY is a float) and unused
# variables (those read only in OpenMP clauses, ignored here) are not errors.
FUZZ_WARN = $(filter-out -Werror -Wdouble-promotion,$(WARN)) -Wno-unused-variable -Wno-unused-function
FUZZ_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -g -O1 -fno-omit-frame-pointer \
              -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all \
              -fopenmp=libgomp \
              $(FUZZ_WARN) -Isolver/include $(PKG_CFLAGS)
FUZZ_LIB_OBJ := $(LIB_SRC:%.c=$(FUZZ_O)/%.o)
FUZZ_LIB := $(FUZZ_O)/liburio-fuzz.a
FUZZ_BINS := $(FUZZ_TARGETS:%=$(FUZZ_O)/fuzz_%)
FUZZ_REPLAY := $(FUZZ_TARGETS:%=$(O)/fuzz/replay-%)

.PHONY: fuzz fuzz-deps fuzz-run fuzz-replay valgrind

fuzz: fuzz-deps
	@$(MAKE) --no-print-directory $(FUZZ_BINS)

fuzz-deps:
	@URIO_EXTRA_PKGS="$(FUZZ_PKGS) $${URIO_EXTRA_PKGS:-}" sh .ci/deps.sh

$(FUZZ_O)/%.o: %.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -MMD -MP -c $< -o $@

$(FUZZ_LIB): $(FUZZ_LIB_OBJ)
	rm -f $@
	ar rcs $@ $^

$(FUZZ_O)/fuzz_%: $(FUZZ_O)/tests/fuzz/fuzz_%.o $(FUZZ_O)/tests/fuzz/fuzz_common.o $(FUZZ_LIB)
	$(FUZZ_CC) -fsanitize=fuzzer,address,undefined -o $@ $^ $(LIBS) -lgomp

fuzz-run: fuzz
	@sh tests/fuzz/fuzz.sh run $(FUZZ_O) $(FUZZ_TIME) $(FUZZ_TARGETS)

fuzz-replay: fuzz
	@sh tests/fuzz/fuzz.sh replay $(FUZZ_O) $(FUZZ_TARGETS)

$(O)/fuzz/replay-%: $(O)/tests/fuzz/replay.o $(O)/tests/fuzz/fuzz_%.o $(O)/tests/fuzz/fuzz_common.o $(LIB)
	@mkdir -p $(@D)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(LIBS)

check: $(FUZZ_REPLAY)

# valgrind runs the release build: ASan and valgrind do not mix.
valgrind: $(BIN) $(TEST_BIN) $(FUZZ_REPLAY) $(DATA_STAMP) $(REGIONS_STAMP) $(SAM_STAMP)
	@if [ "$(BUILD)" != release ]; then echo "make valgrind: use BUILD=release" >&2; exit 2; fi
	@URIO_EXTRA_PKGS="valgrind $${URIO_EXTRA_PKGS:-}" sh .ci/deps.sh
	@sh tests/valgrind/run.sh $(O) $(TEST_BIN) $(BIN)

.SECONDARY: $(FUZZ_LIB_OBJ) $(FUZZ_TARGETS:%=$(FUZZ_O)/tests/fuzz/fuzz_%.o) \
            $(FUZZ_O)/tests/fuzz/fuzz_common.o $(FUZZ_TARGETS:%=$(O)/tests/fuzz/fuzz_%.o) \
            $(O)/tests/fuzz/replay.o $(O)/tests/fuzz/fuzz_common.o
-include $(FUZZ_LIB_OBJ:.o=.d) $(wildcard $(FUZZ_O)/tests/fuzz/*.d $(O)/tests/fuzz/*.d)
