// SPDX-License-Identifier: GPL-3.0-or-later
#include <stdexcept>

#include "commands.hpp"

namespace losslab::cli {

void add_losses_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("losses", "(not yet available)");
  cmd->callback([] { throw std::runtime_error("'losses' is not implemented yet"); });
}

}  // namespace losslab::cli
