// octgate: an inference gateway for retinal OCT imaging.
#include <CLI/CLI.hpp>
#include <iostream>

int main(int argc, char** argv) {
  CLI::App app{"octgate: ILM segmentation gateway for OCT B-scans"};
  app.require_subcommand(1);
  CLI11_PARSE(app, argc, argv);
  return 0;
}
