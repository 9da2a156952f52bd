// SPDX-License-Identifier: GPL-3.0-or-later
// How the inspection panels get a model without blocking the GUI: a model
// snapshot is asked of the run's session without waiting (it is copied on the
// training worker at its next step boundary and left in a mailbox that the
// GUI polls), and the forward passes run on one background thread of the
// panel's own. No Qt here: the panels post their results back themselves.
#pragma once

#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

#include "losslab/inspect.hpp"
#include "losslab/session.hpp"

namespace losslab::ui {

class SnapshotFeed {
 public:
  SnapshotFeed();
  ~SnapshotFeed();  // shutdown()
  SnapshotFeed(const SnapshotFeed&) = delete;
  SnapshotFeed& operator=(const SnapshotFeed&) = delete;

  // GUI thread. Asks `session` for a snapshot, tagged with run_id, unless
  // one is already on its way. Returns true when a request was sent.
  bool request(const Session& session, int run_id);
  bool in_flight() const;
  // GUI thread: a snapshot that arrived since the last call (else null).
  std::shared_ptr<const ModelSnapshot> take(int* run_id);

  // Runs job on the background thread. Jobs have a slot: a job posted while
  // an earlier one of the same slot still waits replaces it (only the latest
  // question matters). Slots run in increasing order.
  void post(int slot, std::function<void()> job);
  // Waits until no job is waiting or running (tests).
  void wait_idle();
  // Drops the waiting jobs, waits for the running one, ends the thread.
  void shutdown();

 private:
  struct Mailbox {
    std::mutex mu;
    std::shared_ptr<const ModelSnapshot> snap;
    int run_id = 0;
    bool in_flight = false;
  };
  std::shared_ptr<Mailbox> box_ = std::make_shared<Mailbox>();

  void loop();
  std::mutex mu_;
  std::condition_variable cv_, idle_cv_;
  std::map<int, std::function<void()>> jobs_;
  bool running_job_ = false, stop_ = false;
  std::thread thread_;
};

}  // namespace losslab::ui
