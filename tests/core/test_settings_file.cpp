// SPDX-License-Identifier: GPL-3.0-or-later
// settings.json files as the GUI saves and opens them: a session's replay
// JSON survives the round trip through a file exactly; a bad file gives one
// message that names every bad field, and nothing of it is applied; a file
// from a newer LossLab says so. Suites are named Settings* (the TSan CI job
// runs them).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "data_test_util.hpp"
#include "losslab/settings_file.hpp"

using namespace losslab;
using json = nlohmann::json;

namespace {

std::string write(const test::TempDir& dir, const std::string& name, const json& j) {
  return dir.file(name, j.dump(2));
}

// The message, or "" when nothing was thrown.
SettingsFileError error_of(const std::string& path) {
  try {
    read_settings_file(path);
  } catch (const SettingsFileError& e) {
    return e;
  }
  return SettingsFileError(path, {}, false);
}

json logged_run() {
  RunSettings s;
  s.model.n_layer = 2;
  s.lambda = 0.3;
  s.lr = 1e-3;
  s.seed = 99;
  s.threads = 2;
  s.data = "builtin:zh";
  s.data_hash = "abc123";
  json ev = json::array({{{"step", 10}, {"kind", "set"}, {"key", "lambda"}, {"old", 0.3}, {"new", 0.8}},
                         {{"step", 12}, {"kind", "step_lm_only"}, {"message", "one step of the LM term only"}},
                         {{"step", 20}, {"kind", "set"}, {"key", "lr"}, {"old", 1e-3}, {"new", 2e-4}}});
  return {{"schema", "losslab.settings/1"},
          {"settings", settings_to_json(s)},
          {"options", {{"snapshot_every", 25}, {"spike_factor", 0.0}, {"interaction_every", 5}}},
          {"events", ev},
          {"end_step", 30}};
}

}  // namespace

TEST(SettingsFile, RoundTripKeepsSettingsOptionsEventsAndEndStep) {
  test::TempDir dir;
  const json j = logged_run();
  const auto path = (std::filesystem::path(dir.path()) / "run.json").string();
  write_settings_file(path, j);
  const ReplayPlan plan = read_settings_file(path);
  EXPECT_EQ(settings_to_json(plan.settings), j["settings"]);
  EXPECT_EQ(plan.settings.data_hash, "abc123");
  EXPECT_EQ(plan.settings.seed, 99u);
  EXPECT_EQ(plan.settings.threads, 2);
  EXPECT_EQ(plan.options.snapshot_every, 25);
  EXPECT_EQ(plan.options.interaction_every, 5);
  ASSERT_EQ(plan.events.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) EXPECT_EQ(to_json(plan.events[i]), j["events"][i]);
  EXPECT_EQ(plan.end_step, 30);
  // A plain object of settings is accepted too (as `losslab-cli train --config` takes it).
  const auto plain = write(dir, "plain.json", {{"lambda", 0.9}, {"n_layer", 3}});
  const ReplayPlan p2 = read_settings_file(plain);
  EXPECT_DOUBLE_EQ(p2.settings.lambda, 0.9);
  EXPECT_EQ(p2.settings.model.n_layer, 3);
  EXPECT_TRUE(p2.events.empty());
  EXPECT_FALSE(p2.end_step);
}

TEST(SettingsFile, OneMessageNamesEveryBadField) {
  test::TempDir dir;
  json j = logged_run();
  j["settings"]["lambda"] = 3;              // out of range
  j["settings"]["n_layer"] = "four";        // wrong type
  j["settings"]["lamda"] = 0.2;             // unknown setting
  j["options"]["snapshot_every"] = -1;      // out of range
  j["options"]["speed"] = 2;                // unknown option
  j["events"][0]["new"] = 1.5;              // a logged lambda out of range
  j["events"][1]["kind"] = "teleport";      // unknown kind
  j["events"][2]["step"] = "ten";           // wrong type
  j["events"][2]["colour"] = "red";         // unknown event field, same event
  j["end_step"] = -4;
  j["comment"] = "hi";                      // unknown top-level field
  const auto e = error_of(write(dir, "bad.json", j));
  const std::string msg = e.what();
  EXPECT_FALSE(e.newer_version);
  for (const char* needle :
       {"'settings': setting 'lambda'", "'settings': setting 'n_layer'", "'lamda'", "options field 'snapshot_every'",
        "options field 'speed'", "'events[0]': event field 'new': setting 'lambda'", "'events[1]': event field 'kind'",
        "'events[2]': event field 'step'", "'events[2]': event field 'colour'", "'end_step'", "'comment'"})
    EXPECT_NE(msg.find(needle), std::string::npos) << "missing " << needle << " in:\n" << msg;
  EXPECT_EQ(e.problems.size(), 11u) << msg;  // one line per bad field, no more
  EXPECT_EQ(msg.rfind(e.path + ": ", 0), 0u) << msg;  // the message starts with the file
}

TEST(SettingsFile, PlainSettingsObjectNamesEveryBadKeyAndTheShapeRule) {
  test::TempDir dir;
  auto e = error_of(write(dir, "a.json", {{"eps", "big"}, {"lr", -1}, {"batch_size", 0}}));
  ASSERT_EQ(e.problems.size(), 3u) << e.what();
  e = error_of(write(dir, "b.json", {{"n_embd", 30}, {"n_head", 4}, {"lr", -1}}));
  ASSERT_EQ(e.problems.size(), 2u) << e.what();  // lr, and 30 not divisible by 4
  EXPECT_NE(std::string(e.what()).find("divisible"), std::string::npos) << e.what();
}

TEST(SettingsFile, NewerVersionSaysSoAndBadJsonIsNamed) {
  test::TempDir dir;
  json j = logged_run();
  j["schema"] = "losslab.settings/2";
  j["settings"]["new_thing"] = 1;
  auto e = error_of(write(dir, "newer.json", j));
  EXPECT_TRUE(e.newer_version);
  EXPECT_NE(std::string(e.what()).find("newer version"), std::string::npos) << e.what();
  j["schema"] = "something/1";
  e = error_of(write(dir, "other.json", j));
  EXPECT_FALSE(e.newer_version);
  EXPECT_NE(std::string(e.what()).find("'schema'"), std::string::npos) << e.what();
  e = error_of(dir.file("dup.json", R"({"lambda": 0.1, "lambda": 0.2})"));
  EXPECT_NE(std::string(e.what()).find("duplicate key 'lambda'"), std::string::npos) << e.what();
  e = error_of(dir.file("cut.json", R"({"schema": "losslab.settings/1", "settings": {)"));
  EXPECT_NE(std::string(e.what()).find("invalid JSON"), std::string::npos) << e.what();
  e = error_of(dir.path() + "/missing.json");
  EXPECT_NE(std::string(e.what()).find("missing.json"), std::string::npos) << e.what();
  EXPECT_EQ(e.problems.size(), 1u);
}
