// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/run_manager.hpp"

#include <QTemporaryDir>

#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif
#include <QThread>
#include <algorithm>
#include <cerrno>

#include "losslab/data/dataset.hpp"
#include "losslab/data/tokenizer.hpp"

namespace losslab::ui {
namespace {

// Okabe-Ito: distinct for colour-blind eyes and on a projector.
const QColor kPalette[] = {QColor("#0072B2"), QColor("#D55E00"), QColor("#009E73"), QColor("#CC79A7"),
                           QColor("#E69F00"), QColor("#56B4E9"), QColor("#882255"), QColor("#444444")};

struct LoadResult {
  std::unique_ptr<Session> session;
  std::string error;
};

}  // namespace

// Sessions are created on a loader thread whose scheduling priority is
// lowered first: the session's worker thread and the oneTBB threads it starts
// inherit it, so training yields the CPU to the GUI thread when both want it
// (Linux keeps a nice value per thread). Elsewhere this does nothing.
void lower_this_thread_priority() {
#ifdef __linux__
  const auto tid = static_cast<id_t>(syscall(SYS_gettid));
  errno = 0;
  const int now = getpriority(PRIO_PROCESS, tid);
  if (errno == 0) setpriority(PRIO_PROCESS, tid, std::min(19, now + 8));
#endif
}

RunManager::RunManager(QObject* parent) : QObject(parent) {
  timer_.setSingleShot(true);
  timer_.setInterval(33);
  connect(&timer_, &QTimer::timeout, this, &RunManager::frame);
}

RunManager::~RunManager() {
  cancel_->store(true);
  for (QObject* o : loaders_) {
    auto* t = static_cast<QThread*>(o);
    t->wait();
    delete t;
  }
  loaders_.clear();
  for (auto& r : runs_) r->session->set_on_progress({});
  runs_.clear();  // each Session stops and joins its worker
}

QColor RunManager::next_color() const {
  for (const QColor& c : kPalette) {
    const bool used = std::any_of(runs_.begin(), runs_.end(), [&](const auto& r) { return r->color == c; });
    if (!used) return c;
  }
  return kPalette[runs_.size() % std::size(kPalette)];
}

void RunManager::wire(Run& run) {
  auto posted = posted_;
  run.session->set_on_progress([this, posted] {
    // Worker thread: at most one queued call in flight, never one per step.
    if (!posted->exchange(true)) QMetaObject::invokeMethod(this, &RunManager::on_progress, Qt::QueuedConnection);
  });
}

void RunManager::on_progress() {
  posted_->store(false);
  if (!timer_.isActive()) timer_.start();
}

int RunManager::add(std::unique_ptr<Session> session, const QString& name, std::optional<QColor> color) {
  auto run = std::make_unique<Run>();
  run->id = next_id_++;
  run->color = color.value_or(next_color());
  run->session = std::move(session);
  if (!name.isEmpty()) run->session->set_name(name.toStdString());
  run->last_state = run->session->state();
  wire(*run);
  const int id = run->id;
  runs_.push_back(std::move(run));
  emit runAdded(id);
  on_progress();
  return id;
}

Run* RunManager::find(int id) {
  for (auto& r : runs_)
    if (r->id == id) return r.get();
  return nullptr;
}

void RunManager::remove(int id) {
  auto it = std::find_if(runs_.begin(), runs_.end(), [&](const auto& r) { return r->id == id; });
  if (it == runs_.end()) return;
  (*it)->session->set_on_progress({});
  runs_.erase(it);  // stops and joins the worker
  emit runRemoved(id);
}

std::shared_ptr<const DataSet> RunManager::dataset(const RunSettings& s) {
  const std::string key = s.data + "\n" + s.data_format + "\n" + std::to_string(s.model.block_size) + "\n" +
                          std::to_string(s.seed);
  {
    std::lock_guard lock(cache_mutex_);
    if (auto d = cache_[key].lock()) return d;
  }
  auto d = std::make_shared<const DataSet>(load_dataset(s, {}, cancel_.get()));
  std::lock_guard lock(cache_mutex_);
  cache_[key] = d;
  return d;
}

void RunManager::create_async(const RunSettings& settings, const QString& name, std::optional<int> replace_id) {
  SessionOptions options;  // a replaced run keeps its spike guard and snapshot settings
  if (replace_id)
    if (Run* old = find(*replace_id)) options = old->session->options();
  create_async(settings, name, options, false, replace_id);
}

void RunManager::create_async(const RunSettings& settings, const QString& name, const SessionOptions& options,
                              bool require_same_data) {
  create_async(settings, name, options, require_same_data, std::nullopt);
}

void RunManager::create_async(const RunSettings& settings, const QString& name, const SessionOptions& options,
                              bool require_same_data, std::optional<int> replace_id) {
  auto result = std::make_shared<LoadResult>();
  QThread* t = QThread::create([this, settings, result, options, require_same_data] {
    lower_this_thread_priority();
    try {
      auto data = dataset(settings);
      if (require_same_data && !settings.data_hash.empty() && settings.data_hash != data->content_hash)
        throw std::runtime_error(tr("the data set %1 has changed since the settings were saved (its content hash "
                                    "is %2, the file says %3)")
                                     .arg(QString::fromStdString(settings.data),
                                          QString::fromStdString(data->content_hash),
                                          QString::fromStdString(settings.data_hash))
                                     .toStdString());
      RunSettings s = settings;
      std::vector<std::string> texts;
      texts.reserve(data->train.size());
      for (const auto& e : data->train) texts.push_back(e.text);
      s.model.vocab_size = Tokenizer::from_texts(texts).vocab_size();
      s.model.n_class = data->n_class();
      s.data_hash = data->content_hash;
      result->session = std::make_unique<Session>(s, data, options);
    } catch (const std::exception& e) {
      result->error = e.what();
    }
  });
  ++loading_;
  loaders_.push_back(t);
  connect(t, &QThread::finished, this, [this, t, result, name, replace_id, settings] {
    loaders_.erase(std::remove(loaders_.begin(), loaders_.end(), t), loaders_.end());
    t->deleteLater();
    --loading_;
    if (!result->session) {
      last_failed_ = settings;
      emit loadFailed(QString::fromStdString(result->error));
      return;
    }
    Run* old = replace_id ? find(*replace_id) : nullptr;
    if (!old) {
      add(std::move(result->session), name);
      return;
    }
    result->session->set_name(old->session->name());
    old->session->set_on_progress({});
    old->session = std::move(result->session);  // the old one stops and joins
    old->pending.reset();
    old->announced_divergence = false;
    old->last_state = old->session->state();
    wire(*old);
    emit runAdded(old->id);
    on_progress();
  });
  t->start();
}

void RunManager::fork_async(int id, const QString& name) {
  Run* src = find(id);
  if (!src) return;
  auto dir = std::make_shared<QTemporaryDir>();
  try {
    if (!dir->isValid()) throw std::runtime_error("cannot create a temporary folder: " + dir->errorString().toStdString());
    src->session->save(dir->path().toStdString());
  } catch (const std::exception& e) {
    emit loadFailed(tr("Could not copy run \"%1\": %2").arg(src->name(), QString::fromStdString(e.what())));
    return;
  }
  auto result = std::make_shared<LoadResult>();
  QThread* t = QThread::create([dir, result] {
    lower_this_thread_priority();
    try {
      result->session = Session::load(dir->path().toStdString());
    } catch (const std::exception& e) {
      result->error = e.what();
    }
  });
  ++loading_;
  loaders_.push_back(t);
  connect(t, &QThread::finished, this, [this, t, result, name, dir] {
    loaders_.erase(std::remove(loaders_.begin(), loaders_.end(), t), loaders_.end());
    t->deleteLater();
    --loading_;
    if (!result->session) {
      emit loadFailed(tr("Could not fork the run: %1").arg(QString::fromStdString(result->error)));
      return;
    }
    add(std::move(result->session), name);
  });
  t->start();
}

bool RunManager::pull_all() {
  bool changed = false;
  for (auto& r : runs_) {
    const RunSettings s = r->session->settings();
    changed |= r->history.update(r->session->metrics(), s.model.vocab_size, s.model.n_class);
    const std::size_t before = r->history.events.size();
    r->history.set_events(r->session->events());
    changed |= r->history.events.size() != before;
  }
  return changed;
}

}  // namespace losslab::ui
