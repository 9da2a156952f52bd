// SPDX-License-Identifier: GPL-3.0-or-later
#include <stdexcept>

#include "commands.hpp"

namespace losslab::cli {

void add_bench_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("bench", "(not yet available)");
  cmd->callback([] { throw std::runtime_error("'bench' is not implemented yet"); });
}

}  // namespace losslab::cli
