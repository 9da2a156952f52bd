// SPDX-License-Identifier: GPL-3.0-or-later
// losslab-cli data inspect PATH: load a data set as training would, print its report.
#include <iostream>
#include <memory>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "losslab/data/dataset.hpp"
#include "losslab/settings.hpp"

namespace losslab::cli {

namespace {

struct InspectArgs {
  std::string path;
  std::string format = "auto";
  int block_size = 64;
  long long seed = 1337;
  int examples = 0;
};

void run_inspect(const InspectArgs& a) {
  RunSettings s;
  s.data = a.path;
  set_setting(s, "data_format", nlohmann::json(a.format));  // validates the name
  set_setting(s, "block_size", nlohmann::json(a.block_size));
  set_setting(s, "seed", nlohmann::json(a.seed));
  DataSet ds;
  try {
    ds = load_dataset(s);
  } catch (const DataError& e) {
    throw std::runtime_error(std::string("cannot use this data set: ") + e.what());
  }
  std::cout << ds.report.to_text();
  if (a.examples > 0) {
    std::cout << "First training examples:\n";
    for (int i = 0; i < a.examples && i < static_cast<int>(ds.train.size()); ++i) {
      const auto& e = ds.train[static_cast<std::size_t>(i)];
      std::cout << "  [" << (e.label >= 0 ? ds.class_names[static_cast<std::size_t>(e.label)] : std::string("-"))
                << "] " << e.text << "\n";
    }
  }
}

}  // namespace

void add_data_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("data", "Inspect a data set: counts, classes, lengths, problems");
  cmd->require_subcommand(1);
  auto args = std::make_shared<InspectArgs>();
  auto* inspect = cmd->add_subcommand("inspect", "Load a data set as training would and print its report");
  inspect->add_option("path", args->path, "builtin:en, builtin:zh (with ?knobs), or a file or folder (with ?options)")
      ->required();
  inspect->add_option("--format", args->format, "auto, csv, tsv, fasttext, folder or text")->capture_default_str();
  inspect->add_option("--block-size", args->block_size, "block_size the texts are measured against")
      ->capture_default_str();
  inspect->add_option("--seed", args->seed, "seed of the train/validation split")->capture_default_str();
  inspect->add_option("--examples", args->examples, "also print the first N training examples")->capture_default_str();
  inspect->callback([args] { run_inspect(*args); });
}

}  // namespace losslab::cli
