// SPDX-License-Identifier: GPL-3.0-or-later
// The experiment file (.losslab): a whole window's runs in one file. It is an
// uncompressed POSIX tar (libarchive) holding manifest.json (names, colours,
// visibility, settings waiting for a reset) and one Session::save folder per
// run (settings, event log, metrics, model and optimiser state). Format:
// docs/settings.md. No widgets here: packing and unpacking run off the GUI
// thread.
#pragma once

#include <QColor>
#include <QString>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "losslab/session.hpp"
#include "losslab/settings.hpp"

namespace losslab::ui {

inline constexpr const char* kExperimentSchema = "losslab.experiment/1";

// Could not write or read an experiment file; the message names the file and
// what is wrong. newer_version: written by a later LossLab.
struct ExperimentError : std::runtime_error {
  explicit ExperimentError(const std::string& what, bool newer = false) : std::runtime_error(what), newer_version(newer) {}
  bool newer_version = false;
};

// What the window keeps about a run besides its Session.
struct ExperimentRun {
  std::string folder;  // "run-1": the Session::save folder inside the file
  std::string name;
  QColor color;
  bool visible = true;
  std::optional<RunSettings> pending;  // new data or model settings waiting for a reset
};

struct ExperimentManifest {
  std::vector<ExperimentRun> runs;
  int current = -1;  // index of the selected run, -1 = none
};

nlohmann::json manifest_to_json(const ExperimentManifest& m);
// Every bad field is named (one line each); throws ExperimentError.
ExperimentManifest manifest_from_json(const nlohmann::json& j);

// Packs the folder `staging` (manifest.json and the run folders) into one tar
// file at `file`, written atomically (temporary file, fsync, rename).
void pack_experiment(const std::filesystem::path& staging, const std::filesystem::path& file);

// Unpacks `file` into the empty folder `staging`, refusing anything but plain
// files and folders with simple relative names, and returns its manifest.
ExperimentManifest unpack_experiment(const std::filesystem::path& file, const std::filesystem::path& staging);

// A whole experiment read back: the manifest and a paused Session per run.
struct LoadedExperiment {
  ExperimentManifest manifest;
  std::vector<std::unique_ptr<Session>> sessions;  // same order as manifest.runs
};
// Unpacks into `staging` and loads every run (each data set loaded once).
// All or nothing: throws ExperimentError naming the file and the run.
LoadedExperiment load_experiment(const std::filesystem::path& file, const std::filesystem::path& staging);

}  // namespace losslab::ui
