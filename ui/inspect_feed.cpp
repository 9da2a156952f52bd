// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/inspect_feed.hpp"

namespace losslab::ui {

SnapshotFeed::SnapshotFeed() : thread_([this] { loop(); }) {}

SnapshotFeed::~SnapshotFeed() { shutdown(); }

bool SnapshotFeed::request(const Session& session, int run_id) {
  {
    std::lock_guard lk(box_->mu);
    if (box_->in_flight) return false;
    box_->in_flight = true;
  }
  // The callback may run after this feed is gone: it owns the mailbox only.
  session.request_model_snapshot([box = box_, run_id](std::shared_ptr<const ModelSnapshot> snap) {
    std::lock_guard lk(box->mu);
    box->snap = std::move(snap);
    box->run_id = run_id;
    box->in_flight = false;
  });
  return true;
}

bool SnapshotFeed::in_flight() const {
  std::lock_guard lk(box_->mu);
  return box_->in_flight;
}

std::shared_ptr<const ModelSnapshot> SnapshotFeed::take(int* run_id) {
  std::lock_guard lk(box_->mu);
  if (run_id) *run_id = box_->run_id;
  return std::exchange(box_->snap, nullptr);
}

void SnapshotFeed::post(int slot, std::function<void()> job) {
  {
    std::lock_guard lk(mu_);
    if (stop_) return;
    jobs_[slot] = std::move(job);
  }
  cv_.notify_one();
}

void SnapshotFeed::wait_idle() {
  std::unique_lock lk(mu_);
  idle_cv_.wait(lk, [this] { return stop_ || (jobs_.empty() && !running_job_); });
}

void SnapshotFeed::shutdown() {
  {
    std::lock_guard lk(mu_);
    stop_ = true;
    jobs_.clear();
  }
  cv_.notify_one();
  idle_cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void SnapshotFeed::loop() {
  std::unique_lock lk(mu_);
  for (;;) {
    cv_.wait(lk, [this] { return stop_ || !jobs_.empty(); });
    if (stop_) return;
    auto job = std::move(jobs_.begin()->second);
    jobs_.erase(jobs_.begin());
    running_job_ = true;
    lk.unlock();
    job();  // jobs catch their own errors
    lk.lock();
    running_job_ = false;
    if (jobs_.empty()) idle_cv_.notify_all();
  }
}

}  // namespace losslab::ui
