// SPDX-License-Identifier: GPL-3.0-or-later
// FileActions, the part that outlives one session of the app: recent files,
// autosave with crash restore, and the window layout, all kept between starts.
#include <QAction>
#include <QActionGroup>
#include <QDir>
#include <QFileInfo>
#include <QLocale>
#include <QLockFile>
#include <QMenu>
#include <QSettings>
#include <QTimer>
#include <algorithm>

#include "ui/file_actions.hpp"
#include "ui/file_actions_internal.hpp"
#include "ui/main_window.hpp"
#include "ui/message_bar.hpp"
#include "ui/run_manager.hpp"

namespace losslab::ui {
using namespace file_settings;

// ---- recent files ------------------------------------------------------------------

QStringList FileActions::recent_files() const { return QSettings().value(kRecentKey).toStringList(); }

void FileActions::add_recent(const QString& path) {
  const QString abs = QFileInfo(path).absoluteFilePath();
  QStringList list = recent_files();
  list.removeAll(abs);
  list.prepend(abs);
  while (list.size() > kMaxRecent) list.removeLast();
  if (persistent()) QSettings().setValue(kRecentKey, list);
}

void FileActions::rebuild_recent_menu() {
  QStringList list = recent_files(), gone;
  for (const QString& p : list)
    if (!QFileInfo(p).isFile()) gone << p;
  if (!gone.isEmpty()) {
    for (const QString& p : gone) list.removeAll(p);
    QSettings().setValue(kRecentKey, list);
    show_info(tr("Removed from the recent files because they are no longer there: %1")
                  .arg(gone.join(", ").toHtmlEscaped()));
  }
  recent_menu_->clear();
  for (const QString& p : list) {
    QAction* a = recent_menu_->addAction(QFileInfo(p).fileName());
    a->setToolTip(p);
    a->setData(p);
    connect(a, &QAction::triggered, this, [this, p] {
      if (!QFileInfo(p).isFile()) rebuild_recent_menu();  // prunes it, with the message
      else open_path(p);
    });
  }
  if (list.isEmpty()) recent_menu_->addAction(tr("(none)"))->setEnabled(false);
  recent_menu_->addSeparator();
  recent_menu_->addAction(actions_["clear_recent"]);
}

// ---- autosave and crash restore -------------------------------------------------------

void FileActions::set_autosave_interval_ms(int ms) {
  autosave_timer_->stop();
  if (ms > 0) {
    autosave_timer_->setInterval(ms);
    autosave_timer_->start();
  }
  const int minutes = ms / 60000;
  for (QAction* a : autosave_group_->actions()) a->setChecked(a->data().toInt() == minutes && ms % 60000 == 0);
}

int FileActions::autosave_interval_ms() const {
  return autosave_timer_->isActive() ? autosave_timer_->interval() : 0;
}

QString FileActions::state_signature() const {
  QString sig;
  for (const auto& r : window_->runs().runs())
    sig += QStringLiteral("%1:%2:%3:%4:%5:%6;")
               .arg(r->id)
               .arg(r->session->step())
               .arg(r->session->events().size())
               .arg(r->name(), r->color.name())
               .arg(r->visible);
  return sig;
}

void FileActions::autosave_now() {
  const auto& runs = window_->runs().runs();
  const bool live = std::any_of(runs.begin(), runs.end(), [](const auto& r) { return r->session->step() > 0; });
  if (!live || worker_ || abandoned_ || state_signature() == last_autosave_signature_) return;
  if (!claim_autosave()) return;
  start_save(autosave_file_, SaveKind::Autosave);
}

bool FileActions::claim_autosave() {
  // Locked before the first write and while this LossLab lives: another one
  // started meanwhile sees the lock and does not offer to restore it.
  if (autosave_lock_) return autosave_lock_->isLocked();
  if (!persistent() || !QDir().mkpath(autosave_dir())) return false;
  autosave_lock_ = std::make_unique<QLockFile>(autosave_file_ + ".lock");
  autosave_lock_->setStaleLockTime(0);
  return autosave_lock_->tryLock(0);
}

void FileActions::abandon_autosave_for_test() {
  abandoned_ = true;
  autosave_timer_->stop();
  if (autosave_lock_) autosave_lock_->unlock();
}

bool FileActions::offer_crash_restore() {
  if (!persistent()) return false;
  // Autosaves whose lock no running LossLab holds were left by one that did not exit cleanly.
  // A lock left without its autosave (a LossLab killed before it autosaved) is dropped when stale.
  for (const QFileInfo& fi : QDir(autosave_dir()).entryInfoList({"autosave-*.losslab.lock"}, QDir::Files)) {
    const QString file = fi.absoluteFilePath().chopped(5);
    if (QFileInfo::exists(file) || file == QFileInfo(autosave_file_).absoluteFilePath()) continue;
    QLockFile stale(fi.absoluteFilePath());
    stale.setStaleLockTime(0);
    if (stale.tryLock(0)) stale.unlock();  // removes it
  }
  QFileInfoList candidates = QDir(autosave_dir()).entryInfoList({"autosave-*.losslab"}, QDir::Files, QDir::Time);
  for (const QFileInfo& fi : candidates) {
    const QString file = fi.absoluteFilePath();
    if (file == QFileInfo(autosave_file_).absoluteFilePath()) continue;
    auto lock = std::make_unique<QLockFile>(file + ".lock");
    if (!lock->tryLock(0)) continue;  // another LossLab is running and owns it
    leftover_lock_ = std::move(lock);
    const QString when = QLocale().toString(fi.lastModified(), QLocale::ShortFormat);
    restore_bar_->show_message(MessageBar::Level::Warning,
                       tr("<b>LossLab did not close cleanly last time.</b> Its runs were autosaved at %1. Restore "
                          "them?")
                           .arg(when.toHtmlEscaped()),
                       {{tr("Restore"),
                         [this, file] {
                           // The leftover is removed once the runs are back (or kept if that fails).
                           auto c = std::make_shared<QMetaObject::Connection>();
                           *c = connect(this, &FileActions::experimentOpened, this,
                                        [this, file, c](const QString& p, const QString& err) {
                                          if (p != file) return;
                                          disconnect(*c);
                                          if (err.isEmpty()) {
                                            QFile::remove(file);
                                            leftover_lock_.reset();
                                          }
                                        });
                           restore_bar_->clear_message();
                           start_open(file, true);
                         }},
                        {tr("Discard"), [this, file] {
                           QFile::remove(file);
                           leftover_lock_.reset();
                           restore_bar_->clear_message();
                         }}});
    return true;
  }
  return false;
}

// ---- window layout -------------------------------------------------------------------

void FileActions::restore_layout() {
  if (!persistent()) return;
  QSettings s;
  const QByteArray geometry = s.value("window/geometry").toByteArray();
  const QByteArray state = s.value("window/state").toByteArray();
  if (!geometry.isEmpty()) window_->restoreGeometry(geometry);
  if (!state.isEmpty()) window_->restoreState(state);
}

void FileActions::window_closed() {
  if (!persistent()) return;
  QSettings s;
  s.setValue("window/geometry", window_->saveGeometry());
  s.setValue("window/state", window_->saveState());
}

}  // namespace losslab::ui
