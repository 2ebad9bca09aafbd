#pragma once
// `octgate segment IMAGE... [--out DIR] [--overlay] [--threshold T] [--jobs N]`: runs the embedded
// ILM engine on image files, N at once (default: one per core; a progress bar on a terminal), and
// writes, per image, DIR/NAME.json (the webhook's `output` object) and, with --overlay,
// DIR/NAME.overlay.png. A file that cannot be read is reported and skipped; the command
// then exits non-zero after the others are done.
#include <CLI/CLI.hpp>

namespace octgate {

void add_segment_command(CLI::App& app);

}  // namespace octgate
