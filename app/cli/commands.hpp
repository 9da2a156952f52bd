// SPDX-License-Identifier: GPL-3.0-or-later
// Each losslab-cli subcommand lives in its own file and registers itself on
// the CLI11 app here; main() only parses and dispatches.
#pragma once

#include <CLI/CLI.hpp>

namespace losslab::cli {

// Each function adds one subcommand and sets its callback. A callback
// returns normally on success and throws (std::exception) on failure; main
// prints "losslab-cli: <what>" and exits 1.
void add_train_command(CLI::App& app);
void add_losses_command(CLI::App& app);
void add_bench_command(CLI::App& app);
void add_init_command(CLI::App& app);
void add_data_command(CLI::App& app);

}  // namespace losslab::cli
