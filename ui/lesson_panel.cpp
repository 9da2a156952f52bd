// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/lesson_panel.hpp"

#include <QButtonGroup>
#include <QComboBox>
#include <QDir>
#include <QEvent>
#include <QFileInfo>
#include <QFileDialog>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QRadioButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>
#include <algorithm>
#include <map>

#include "ui/language.hpp"
#include "ui/run_manager.hpp"

namespace losslab::ui {
namespace {

QLabel* wrapped_label(QWidget* parent, double scale = 1.0, bool bold = false) {
  auto* l = new QLabel(parent);
  l->setWordWrap(true);
  l->setTextInteractionFlags(Qt::TextSelectableByMouse);
  QFont f = l->font();
  f.setPointSizeF(f.pointSizeF() * scale);
  f.setBold(bold);
  l->setFont(f);
  return l;
}

// An answer's text: wraps to the dock's width (a QRadioButton's own text does not), and a
// click on it chooses the answer as a click on the button would.
class AnswerLabel : public QLabel {
 public:
  AnswerLabel(QAbstractButton* button, QWidget* parent) : QLabel(parent), button_(button) {
    setWordWrap(true);
    setCursor(Qt::PointingHandCursor);
  }

 protected:
  void mouseReleaseEvent(QMouseEvent*) override {
    if (button_->isEnabled()) button_->click();
  }

 private:
  QAbstractButton* button_;
};

bool stopped(SessionState s) {
  return s == SessionState::Finished || s == SessionState::Diverged || s == SessionState::Stopped;
}

}  // namespace

LessonPanel::LessonPanel(RunManager& runs, QWidget* parent) : QWidget(parent), runs_(runs) {
  auto* outer = new QVBoxLayout(this);
  outer->setContentsMargins(0, 0, 0, 0);
  auto* scroll = scroll_ = new QScrollArea(this);
  scroll->setWidgetResizable(true);
  scroll->setFrameShape(QFrame::NoFrame);
  scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);  // texts wrap to the dock's width instead
  outer->addWidget(scroll);
  auto* body = new QWidget(scroll);
  scroll->setWidget(body);
  auto* v = new QVBoxLayout(body);

  auto* pick = new QHBoxLayout;
  list_ = new QComboBox(body);
  list_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
  list_->setMinimumContentsLength(16);
  open_btn_ = new QToolButton(body);
  reload_btn_ = new QToolButton(body);
  pick->addWidget(list_, 1);
  pick->addWidget(open_btn_);
  pick->addWidget(reload_btn_);
  v->addLayout(pick);

  error_ = wrapped_label(body);
  error_->setStyleSheet(QStringLiteral("QLabel { color: #B00020; background: #FDECEA; padding: 6px; border-radius: 3px; }"));
  error_->hide();
  v->addWidget(error_);
  title_ = wrapped_label(body, 1.35, true);
  summary_ = wrapped_label(body);
  v->addWidget(title_);
  v->addWidget(summary_);

  predict_box_ = new QGroupBox(body);
  auto* pv = new QVBoxLayout(predict_box_);
  question_ = wrapped_label(predict_box_, 1.1);
  pv->addWidget(question_);
  answers_layout_ = new QVBoxLayout;
  pv->addLayout(answers_layout_);
  answers_ = new QButtonGroup(this);
  start_btn_ = new QPushButton(predict_box_);
  pv->addWidget(start_btn_);
  v->addWidget(predict_box_);

  steps_box_ = new QGroupBox(body);
  auto* sv = new QVBoxLayout(steps_box_);
  steps_ = wrapped_label(steps_box_, 1.05);
  steps_->setTextFormat(Qt::RichText);
  progress_ = wrapped_label(steps_box_);
  auto* buttons = new QVBoxLayout;
  play_btn_ = new QPushButton(steps_box_);
  explain_btn_ = new QPushButton(steps_box_);
  buttons->addWidget(play_btn_);
  buttons->addWidget(explain_btn_);
  sv->addWidget(steps_);
  sv->addWidget(progress_);
  sv->addLayout(buttons);
  v->addWidget(steps_box_);

  result_box_ = new QGroupBox(body);
  auto* rv = new QVBoxLayout(result_box_);
  verdict_ = wrapped_label(result_box_, 1.05, true);
  verdict_->setTextFormat(Qt::RichText);
  explanation_ = wrapped_label(result_box_, 1.05);
  checks_title_ = wrapped_label(result_box_, 1.0, true);
  checks_ = wrapped_label(result_box_, 1.05);
  checks_->setTextFormat(Qt::RichText);
  rv->addWidget(verdict_);
  rv->addWidget(explanation_);
  rv->addWidget(checks_title_);
  rv->addWidget(checks_);
  v->addWidget(result_box_);
  v->addStretch(1);

  connect(list_, &QComboBox::currentIndexChanged, this, &LessonPanel::on_lesson_picked);
  connect(open_btn_, &QToolButton::clicked, this, [this] {
    const QString path = QFileDialog::getOpenFileName(this, tr("Open lesson file"), user_lessons_dir(),
                                                      tr("LossLab lessons (*.json);;All files (*)"));
    if (!path.isEmpty()) open_file(path);
  });
  connect(reload_btn_, &QToolButton::clicked, this, [this] {
    const QString id = lesson() ? QString::fromStdString(lesson()->id) : QString();
    rebuild_list();
    if (!id.isEmpty()) select_lesson(id);
  });
  connect(answers_, &QButtonGroup::idClicked, this, &LessonPanel::choose_answer);
  connect(start_btn_, &QPushButton::clicked, this, &LessonPanel::start);
  connect(play_btn_, &QPushButton::clicked, this, &LessonPanel::play);
  connect(explain_btn_, &QPushButton::clicked, this, &LessonPanel::explain);
  connect(&runs_, &RunManager::frame, this, &LessonPanel::update_progress);
  connect(&runs_, &RunManager::runAdded, this, &LessonPanel::update_progress);

  rebuild_list();
  retranslate();
}

void LessonPanel::changeEvent(QEvent* e) {
  if (e->type() == QEvent::LanguageChange) retranslate();
  QWidget::changeEvent(e);
}

QString LessonPanel::text(const LocalText& t) const {
  return QString::fromStdString(t.in(language_is_chinese() ? "zh_CN" : "en"));
}

const Lesson* LessonPanel::lesson() const {
  return current_ >= 0 && current_ < lesson_count() ? entries_[current_].lesson.get() : nullptr;
}

void LessonPanel::retranslate() {
  list_->setToolTip(tr("Choose a lesson. Built-in lessons come first, then the *.json files in %1.")
                        .arg(user_lessons_dir()));
  open_btn_->setText(tr("Open lesson file…"));
  open_btn_->setToolTip(tr("Open a lesson written as a JSON file (the format is in docs/lessons.md)"));
  reload_btn_->setText(tr("Reload"));
  reload_btn_->setToolTip(tr("Read the lessons folder again (after editing or adding a lesson file)"));
  predict_box_->setTitle(tr("1. Predict first"));
  predict_box_->setToolTip(tr("Everyone commits to an answer before the runs start"));
  start_btn_->setText(tr("Start the lesson"));
  steps_box_->setTitle(tr("2. Do and watch"));
  play_btn_->setText(tr("Play the lesson's runs"));
  play_btn_->setToolTip(tr("Train every run of this lesson until it reaches its last step"));
  explain_btn_->setToolTip(tr("Show what happened and why, and check the lesson's promise on the runs you trained"));
  result_box_->setTitle(tr("3. What happened, and why"));
  checks_title_->setText(tr("The lesson's promise, measured on your runs:"));
  checks_->setToolTip(tr("Each promise of the lesson, measured on the runs the class trained: ✓ holds, ✗ does not"));
  // The lesson's own texts are bilingual data, not tr() strings: render them in the current language.
  for (int i = 0; i < lesson_count(); ++i) {
    const LessonEntry& e = entries_[i];
    const QString name = e.lesson ? text(e.lesson->title) : tr("⚠ %1 (can't be used)").arg(QFileInfo(e.path).fileName());
    list_->setItemText(i, e.builtin || !e.lesson ? name : tr("%1 (your file)").arg(name));
  }
  render_lesson();
}

void LessonPanel::rebuild_list() {
  entries_ = discover_lessons();
  const QSignalBlocker block(list_);
  list_->clear();
  for (std::size_t i = 0; i < entries_.size(); ++i) list_->addItem(QString());
  current_ = -1;
  retranslate();
  on_lesson_picked(entries_.empty() ? -1 : 0);
}

bool LessonPanel::select_lesson(const QString& id) {
  for (int i = 0; i < lesson_count(); ++i) {
    if (entries_[i].lesson && QString::fromStdString(entries_[i].lesson->id) == id) {
      list_->setCurrentIndex(i);
      on_lesson_picked(i);  // also when it was already current: a fresh start
      return true;
    }
  }
  return false;
}

bool LessonPanel::open_file(const QString& path) {
  LessonEntry e = read_lesson_entry(path);
  const bool ok = static_cast<bool>(e.lesson);
  entries_.push_back(std::move(e));
  {
    const QSignalBlocker block(list_);
    list_->addItem(QString());
    list_->setCurrentIndex(lesson_count() - 1);
  }
  retranslate();
  on_lesson_picked(lesson_count() - 1);
  return ok;
}

void LessonPanel::on_lesson_picked(int index) {
  current_ = index;
  chosen_answer_ = -1;
  started_ = explained_ = false;
  results_.clear();
  // New answer buttons for this lesson.
  for (QAbstractButton* b : answers_->buttons()) answers_->removeButton(b);
  while (QLayoutItem* row = answers_layout_->takeAt(0)) delete row;  // a row layout; its widgets are deleted below
  for (QLabel* label : answer_labels_) delete label;
  answer_labels_.clear();
  qDeleteAll(answer_buttons_);
  answer_buttons_.clear();
  if (const Lesson* l = lesson()) {
    for (std::size_t i = 0; i < l->answers.size(); ++i) {
      auto* b = new QRadioButton(predict_box_);
      auto* label = new AnswerLabel(b, predict_box_);
      auto* row = new QHBoxLayout;
      row->addWidget(b, 0, Qt::AlignTop);
      row->addWidget(label, 1);
      answers_->addButton(b, static_cast<int>(i));
      answers_layout_->addLayout(row);
      answer_buttons_.push_back(b);
      answer_labels_.push_back(label);
    }
  }
  render_lesson();
}

void LessonPanel::render_lesson() {
  const Lesson* l = lesson();
  const bool bad = current_ >= 0 && current_ < lesson_count() && !l;
  error_->setVisible(bad);
  if (bad)
    error_->setText(tr("This lesson file can't be used:\n%1").arg(entries_[current_].error));
  error_->setToolTip(bad ? QDir::toNativeSeparators(entries_[current_].path) : QString());
  title_->setVisible(l);
  summary_->setVisible(l && !l->summary.en.empty());
  predict_box_->setVisible(l);
  steps_box_->setVisible(l && started_);
  result_box_->setVisible(l && explained_);
  if (!l) return;
  title_->setText(text(l->title));
  title_->setToolTip(tr("Lesson '%1' from %2").arg(QString::fromStdString(l->id), entries_[current_].path));
  summary_->setText(text(l->summary));
  question_->setText(text(l->question));
  question_->setToolTip(tr("The question to answer before anything runs"));
  const auto buttons = answers_->buttons();
  for (QAbstractButton* b : buttons) {
    const int i = answers_->id(b);
    QLabel* label = answer_labels_[static_cast<std::size_t>(i)];
    label->setText(text(l->answers[static_cast<std::size_t>(i)].text));
    label->setEnabled(!started_);
    label->setToolTip(tr("Choose this answer as your prediction"));
    b->setToolTip(tr("Choose this answer as your prediction"));
    b->setEnabled(!started_);
  }
  start_btn_->setEnabled(chosen_answer_ >= 0 && !started_);
  start_btn_->setToolTip(chosen_answer_ < 0 ? tr("Choose an answer first: predict, then watch")
                                            : tr("Create this lesson's %n run(s) with their settings", "",
                                                 static_cast<int>(l->runs.size())));
  QString steps = QStringLiteral("<ol style=\"margin-left:-20px\">");
  for (const LocalText& s : l->steps) steps += QStringLiteral("<li>%1</li>").arg(text(s).toHtmlEscaped());
  steps_->setText(steps + QStringLiteral("</ol>"));
  steps_->setToolTip(tr("What to do during the lesson"));
  update_progress();
  render_results();
}

void LessonPanel::choose_answer(int index) {
  const Lesson* l = lesson();
  if (!l || started_ || index < 0 || index >= static_cast<int>(l->answers.size())) return;
  chosen_answer_ = index;
  if (QAbstractButton* b = answers_->button(index)) b->setChecked(true);
  render_lesson();
}

void LessonPanel::start() {
  const Lesson* l = lesson();
  if (!l || chosen_answer_ < 0 || started_) return;
  baseline_id_ = 0;
  for (const auto& r : runs_.runs()) baseline_id_ = std::max(baseline_id_, r->id);
  started_ = true;
  explained_ = false;
  results_.clear();
  if (starter_) {
    starter_(l->runs);
  } else {
    for (const LessonRun& r : l->runs) runs_.create_async(r.settings, QString::fromStdString(r.name), r.options, false);
  }
  render_lesson();
}

Run* LessonPanel::run_of(const std::string& name) const {
  Run* found = nullptr;
  for (const auto& r : runs_.runs())
    if (r->id > baseline_id_ && r->session->name() == name && (!found || r->id > found->id)) found = r.get();
  return found;
}

void LessonPanel::play() {
  if (!started_ || !lesson()) return;
  for (const LessonRun& lr : lesson()->runs)
    if (Run* r = run_of(lr.name); r && !stopped(r->session->state())) r->session->play();
}

bool LessonPanel::runs_finished() const {
  const Lesson* l = lesson();
  if (!l || !started_) return false;
  for (const LessonRun& lr : l->runs) {
    Run* r = run_of(lr.name);
    if (!r || !stopped(r->session->state())) return false;
  }
  return true;
}

void LessonPanel::update_progress() {
  const Lesson* l = lesson();
  if (!l || !started_) return;
  QStringList lines;
  for (const LessonRun& lr : l->runs) {
    const QString name = QString::fromStdString(lr.name);
    Run* r = run_of(lr.name);
    if (!r) {
      lines << tr("%1: starting…").arg(name);
      continue;
    }
    const SessionState s = r->session->state();
    const QString steps = tr("%1 / %2 steps").arg(r->session->step()).arg(r->session->settings().steps);
    if (s == SessionState::Diverged) lines << tr("%1: %2, stopped by the divergence guard").arg(name, steps);
    else if (s == SessionState::Finished) lines << tr("%1: %2, finished").arg(name, steps);
    else lines << tr("%1: %2").arg(name, steps);
  }
  progress_->setText(lines.join(QLatin1Char('\n')));
  progress_->setToolTip(tr("Where each run of the lesson is"));
  const bool done = runs_finished();
  explain_btn_->setText(done ? tr("Explain (the runs have finished)") : tr("Explain"));
  play_btn_->setEnabled(!done);
}

void LessonPanel::explain() {
  const Lesson* l = lesson();
  if (!l || !started_) return;
  std::map<std::string, RunTrace> traces;
  for (const LessonRun& lr : l->runs)
    if (Run* r = run_of(lr.name))
      traces[lr.name] = trace_of(*r->session->metrics(), r->session->events(), r->session->settings().model);
  results_ = evaluate_checks(*l, traces);
  explained_ = true;
  render_lesson();
  // The class looks at the answer now: bring it into view once the layout has followed the new texts.
  QTimer::singleShot(0, this, [this] {
    scroll_->widget()->layout()->activate();
    scroll_->widget()->adjustSize();
    scroll_->verticalScrollBar()->setValue(result_box_->y());
  });
}

void LessonPanel::render_results() {
  const Lesson* l = lesson();
  if (!l || !explained_) return;
  int correct = -1;
  for (std::size_t i = 0; i < l->answers.size(); ++i)
    if (l->answers[i].correct && correct < 0) correct = static_cast<int>(i);
  const QString chosen = chosen_answer_ >= 0 ? text(l->answers[static_cast<std::size_t>(chosen_answer_)].text) : QString();
  const QString right = correct >= 0 ? text(l->answers[static_cast<std::size_t>(correct)].text) : QString();
  const bool hit = chosen_answer_ >= 0 && l->answers[static_cast<std::size_t>(chosen_answer_)].correct;
  verdict_->setText(hit ? tr("<span style=\"color:#007A3D\">Your prediction was right:</span> %1").arg(right.toHtmlEscaped())
                        : tr("<span style=\"color:#B35C00\">You predicted:</span> %1<br>"
                             "<span style=\"color:#007A3D\">What happens:</span> %2")
                              .arg(chosen.toHtmlEscaped(), right.toHtmlEscaped()));
  verdict_->setToolTip(tr("Your prediction against what the lesson's runs show"));
  explanation_->setText(text(l->explanation));
  explanation_->setToolTip(tr("Why it happens"));
  // One row per check: a large tick or cross, the promise, and the numbers measured.
  QString rows = QStringLiteral("<table cellspacing=\"4\">");
  for (std::size_t i = 0; i < results_.size() && i < l->checks.size(); ++i) {
    const CheckResult& r = results_[i];
    const QString mark = r.passed ? QStringLiteral("<span style=\"color:#007A3D; font-size:x-large\">✓</span>")
                                  : QStringLiteral("<span style=\"color:#B00020; font-size:x-large\">✗</span>");
    const QString measured = r.error.empty() ? tr("measured: %1").arg(QString::fromStdString(r.measured).toHtmlEscaped())
                                             : tr("not measured: %1").arg(QString::fromStdString(r.error).toHtmlEscaped());
    rows += QStringLiteral("<tr><td valign=\"middle\">%1</td><td>%2<br><span style=\"color:#555555\">%3</span></td></tr>")
                .arg(mark, text(l->checks[i].text).toHtmlEscaped(), measured);
  }
  checks_->setText(rows + QStringLiteral("</table>"));
}

}  // namespace losslab::ui
