# The fuzz targets and their libFuzzer options; sourced by fuzz-run.sh and fuzz-smoke.sh.
# FUZZ_TARGETS (space-separated) picks some of them.
FUZZ_ALL_TARGETS="multipart inference_parameters image_decode azure_list_xml webhook_url http_request"
FUZZ_TARGETS="${FUZZ_TARGETS:-$FUZZ_ALL_TARGETS}"

export ASAN_OPTIONS="${ASAN_OPTIONS:-halt_on_error=1:abort_on_error=1:detect_leaks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-halt_on_error=1:abort_on_error=1:print_stacktrace=1}"

# Longest input per target: a little over the limits worth reaching (Inference-Parameters is
# refused over 16 KiB), small enough to stay fast.
fuzz_max_len() {
  case "$1" in
    inference_parameters) echo 17000 ;;
    image_decode) echo 16384 ;;
    webhook_url) echo 2048 ;;
    *) echo 8192 ;;
  esac
}

# Options for target $1; the image decoder also fails on any one allocation over 512 MB (a limit
# of 4 megapixels leaves no honest reason for one).
fuzz_options() {
  local t="$1" dict="fuzz/$1.dict"
  echo -n "-rss_limit_mb=2048 -max_len=$(fuzz_max_len "$t") -timeout=25"
  [ "$t" = image_decode ] && echo -n " -malloc_limit_mb=512"
  [ -f "$dict" ] && echo -n " -dict=$dict"
  echo
}
