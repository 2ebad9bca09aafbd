// octgate: an inference gateway for retinal OCT imaging.
#include <CLI/CLI.hpp>

#include "app/model_server_command.h"
#include "app/segment_command.h"
#include "app/serve_command.h"

int main(int argc, char** argv) {
  CLI::App app{"octgate: ILM segmentation gateway for retinal OCT B-scans"};
  app.require_subcommand(1);
  octgate::app::add_serve_command(app);
  octgate::app::add_model_server_command(app);
  octgate::add_segment_command(app);
  CLI11_PARSE(app, argc, argv);
  return 0;
}
