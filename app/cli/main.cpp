// SPDX-License-Identifier: GPL-3.0-or-later
#include <exception>
#include <iostream>

#include "commands.hpp"

int main(int argc, char** argv) {
  CLI::App app{"losslab-cli — train and inspect LossLab's Transformer without a display", "losslab-cli"};
  app.set_version_flag("--version", std::string("losslab-cli ") + LOSSLAB_VERSION);
  app.require_subcommand(1);
  app.fallthrough(false);
  losslab::cli::add_train_command(app);
  losslab::cli::add_losses_command(app);
  losslab::cli::add_bench_command(app);
  losslab::cli::add_init_command(app);
  losslab::cli::add_data_command(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const std::exception& e) {
    std::cerr << "losslab-cli: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
