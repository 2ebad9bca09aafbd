// octgate: an inference gateway for retinal OCT imaging.
#include <CLI/CLI.hpp>
#include <iostream>

#include "app/segment_command.h"

int main(int argc, char** argv) {
  CLI::App app{"octgate: ILM segmentation gateway for OCT B-scans"};
  app.require_subcommand(1);
  octgate::add_segment_command(app);
  CLI11_PARSE(app, argc, argv);
  return 0;
}
