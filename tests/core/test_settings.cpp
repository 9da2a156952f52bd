// SPDX-License-Identifier: GPL-3.0-or-later
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "losslab/settings.hpp"

using namespace losslab;

TEST(Settings, DefaultsMatchSpec) {
  RunSettings s;
  EXPECT_EQ(s.model.n_layer, 4);
  EXPECT_EQ(s.model.n_head, 4);
  EXPECT_EQ(s.model.n_embd, 128);
  EXPECT_EQ(s.model.block_size, 64);
  EXPECT_EQ(s.batch_size, 32);
  EXPECT_DOUBLE_EQ(s.lambda, 0.5);
  EXPECT_DOUBLE_EQ(s.eps, 0.1);
  EXPECT_DOUBLE_EQ(s.lr, 3e-4);
  EXPECT_DOUBLE_EQ(s.beta2, 0.95);
  EXPECT_EQ(s.warmup_steps, 100);
  EXPECT_EQ(s.planned_steps, 2000);
  EXPECT_NO_THROW(s.validate());
}

TEST(Settings, JsonRoundTrip) {
  RunSettings s;
  s.lambda = 0.25;
  s.schedule = Schedule::Constant;
  s.model.n_layer = 2;
  auto back = settings_from_json(settings_to_json(s));
  EXPECT_EQ(settings_to_json(back), settings_to_json(s));
}

TEST(Settings, UnknownKeyNamed) {
  try {
    settings_from_json(nlohmann::json{{"lamda", 0.3}});
    FAIL() << "no error";
  } catch (const SettingsError& e) {
    EXPECT_NE(std::string(e.what()).find("'lamda'"), std::string::npos) << e.what();
  }
}

TEST(Settings, WrongTypeAndRangeNamed) {
  RunSettings s;
  EXPECT_THROW(apply_assignment(s, "lambda=1.5"), SettingsError);
  EXPECT_THROW(apply_assignment(s, "n_layer=two"), SettingsError);
  EXPECT_THROW(apply_assignment(s, "n_layer=2.5"), SettingsError);
  EXPECT_THROW(apply_assignment(s, "schedule=linear"), SettingsError);
  EXPECT_THROW(apply_assignment(s, "n_head=3"), SettingsError);  // 128 % 3 != 0
  try {
    settings_from_json(nlohmann::json{{"eps", "big"}, {"lr", -1}});
    FAIL();
  } catch (const SettingsError& e) {
    std::string msg = e.what();
    EXPECT_NE(msg.find("'eps'"), std::string::npos) << msg;  // every bad field is named
    EXPECT_NE(msg.find("'lr'"), std::string::npos) << msg;
  }
  EXPECT_DOUBLE_EQ(s.lambda, 0.5);  // nothing half-applied
  apply_assignment(s, "lambda=0.3");
  apply_assignment(s, "schedule=constant");
  EXPECT_DOUBLE_EQ(s.lambda, 0.3);
  EXPECT_EQ(s.schedule, Schedule::Constant);
}
