// SPDX-License-Identifier: GPL-3.0-or-later
// The runs of the window: one Session each, with its colour, its name and the
// GUI's copy of its metrics. The Sessions train on their own threads; this
// object only ever touches them from the GUI thread.
//
// Progress is coalesced the PlotJuggler way: a worker's progress callback
// posts at most one queued call at a time, which starts a single-shot ~33 ms
// timer if none is pending; when it fires, frame() asks the window to read
// what is new and redraw. So the GUI redraws at most ~30 times a second,
// however fast the runs step.
#pragma once

#include <QColor>
#include <QObject>
#include <QString>
#include <QTimer>
#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "losslab/session.hpp"
#include "losslab/settings.hpp"
#include "ui/run_history.hpp"

namespace losslab::ui {

struct Run {
  int id = 0;
  QColor color;
  bool visible = true;
  std::unique_ptr<Session> session;
  RunHistory history;
  // Settings chosen that need a reset (model, data, seed, ...), waiting.
  std::optional<RunSettings> pending;
  SessionState last_state = SessionState::Paused;
  bool announced_divergence = false;
  QString name() const { return QString::fromStdString(session->name()); }
};

// Lowers the calling thread's scheduling priority, so that sessions created
// on it (and their worker threads) yield the CPU to the GUI thread.
void lower_this_thread_priority();

class RunManager : public QObject {
  Q_OBJECT
 public:
  explicit RunManager(QObject* parent = nullptr);
  ~RunManager() override;  // stops every run and waits for loaders

  // A run from a session made elsewhere (tests, loaders). Returns its id.
  int add(std::unique_ptr<Session> session, const QString& name, std::optional<QColor> color = {});
  // Loads the data set named by the settings (cached) and creates the
  // session off the GUI thread; runAdded or loadFailed follows. When
  // replace_id names a run, that run's session is replaced (same id, colour,
  // name: "reset with new settings", keeping its session options).
  void create_async(const RunSettings& settings, const QString& name, std::optional<int> replace_id = {});
  // The same for a run opened from a settings file: the file's session
  // options, and the data set must be the one the file names by its hash
  // (when it has one), else loadFailed says the data changed.
  void create_async(const RunSettings& settings, const QString& name, const SessionOptions& options,
                    bool require_same_data);
  // A copy of a run's current state (weights, optimiser, step, settings):
  // saved to a temporary folder and loaded back, off the GUI thread.
  void fork_async(int id, const QString& name);
  void remove(int id);

  Run* find(int id);
  const std::vector<std::unique_ptr<Run>>& runs() const { return runs_; }
  int loading() const { return loading_; }
  // The settings of the last run that could not be created (to offer a fix).
  const std::optional<RunSettings>& last_failed() const { return last_failed_; }
  QColor next_color() const;

  // Reads every run's new records into its history (GUI thread). Returns
  // true when anything changed.
  bool pull_all();

  // The data set a run of these settings uses (loaded once, shared).
  std::shared_ptr<const DataSet> dataset(const RunSettings& s);

  void set_frame_interval_ms(int ms) { timer_.setInterval(ms); }

 signals:
  void runAdded(int id);
  void runRemoved(int id);
  void loadFailed(const QString& message);
  void frame();  // time to read the runs and redraw (at most ~30 per second)

 private:
  void on_progress();
  void wire(Run& run);
  void create_async(const RunSettings& settings, const QString& name, const SessionOptions& options,
                    bool require_same_data, std::optional<int> replace_id);

  std::vector<std::unique_ptr<Run>> runs_;
  int next_id_ = 1;
  int loading_ = 0;
  QTimer timer_;
  std::shared_ptr<std::atomic<bool>> posted_ = std::make_shared<std::atomic<bool>>(false);
  std::shared_ptr<std::atomic<bool>> cancel_ = std::make_shared<std::atomic<bool>>(false);
  std::vector<QObject*> loaders_;  // QThreads still running
  std::optional<RunSettings> last_failed_;
  std::mutex cache_mutex_;
  std::map<std::string, std::weak_ptr<const DataSet>> cache_;
};

}  // namespace losslab::ui
