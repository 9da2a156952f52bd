// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/glossary_dialog.hpp"

#include <QCoreApplication>
#include <QDialogButtonBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QTextBrowser>
#include <QVBoxLayout>
#include <iterator>

namespace losslab::ui {
namespace {

// Untranslated (QT_TRANSLATE_NOOP) so that a language change can look them up again.
struct Term {
  const char* key;
  const char* name;
  const char* body;  // rich text
};

constexpr Term kTerms[] = {
    {"loss", QT_TRANSLATE_NOOP("Glossary", "Loss"),
     QT_TRANSLATE_NOOP("Glossary",
                       "<p>A single number that says how wrong the model's predictions are on a batch of examples. "
                       "Training changes the weights a little at each step so that the loss goes down.</p>"
                       "<p>LossLab trains one model on two tasks at once and mixes their losses:</p>"
                       "<p style='font-size:large'><b>L = λ·L<sub>LM</sub> + (1 − λ)·L<sub>CE</sub></b></p>"
                       "<p>L<sub>LM</sub> is the language-model loss (predict the next character), "
                       "L<sub>CE</sub> the classification loss (predict the class of the whole text), and λ "
                       "(lambda) the share of the first. With λ = 1 only the language model learns; with λ = 0 only "
                       "the classifier.</p>")},
    {"cross_entropy", QT_TRANSLATE_NOOP("Glossary", "Cross-entropy"),
     QT_TRANSLATE_NOOP("Glossary",
                       "<p>The loss of a prediction that is a probability distribution p over the possible answers, "
                       "against a target distribution q:</p>"
                       "<p style='font-size:large'><b>CE = − Σ<sub>k</sub> q<sub>k</sub> · log p<sub>k</sub></b></p>"
                       "<p>With a one-hot target it is − log p of the correct answer: 0 when the model is certain "
                       "and right, large when it gives the right answer a small probability. A model that guesses "
                       "uniformly among V answers has CE = log V (for 3 classes, 1.10).</p>")},
    {"label_smoothing", QT_TRANSLATE_NOOP("Glossary", "Label smoothing"),
     QT_TRANSLATE_NOOP("Glossary",
                       "<p>Instead of asking for all the probability on the correct answer, the target keeps "
                       "1 − ε + ε/V for it and gives ε/V to each of the V answers (ε, epsilon, is the slider "
                       "“label smoothing”).</p>"
                       "<p>The model is then never rewarded for being completely sure, so the smoothed loss can no "
                       "longer reach 0: its floor is the entropy of the smoothed target. In return the model is "
                       "often better calibrated, especially when some labels are wrong.</p>")},
    {"perplexity", QT_TRANSLATE_NOOP("Glossary", "Perplexity"),
     QT_TRANSLATE_NOOP("Glossary",
                       "<p>e raised to the language-model cross-entropy (without smoothing): "
                       "<b>PPL = exp(L<sub>LM</sub>)</b>.</p>"
                       "<p>It reads as “the model hesitates between this many characters on average”. A model that "
                       "knows nothing has a perplexity equal to the vocabulary size; a perfect one has 1. LossLab "
                       "reports it on the validation set, which the model never trains on.</p>")},
    {"calibration", QT_TRANSLATE_NOOP("Glossary", "Calibration (ECE)"),
     QT_TRANSLATE_NOOP("Glossary",
                       "<p>A classifier is calibrated when its confidence matches its accuracy: of all the answers "
                       "it gives with 80% confidence, about 80% are right.</p>"
                       "<p>The <b>reliability diagram</b> sorts validation examples by confidence into bins and "
                       "draws each bin's accuracy; a calibrated model lies on the diagonal. The <b>expected "
                       "calibration error (ECE)</b> is the average gap between confidence and accuracy, weighted "
                       "by how many examples each bin holds: 0 is perfect.</p>")},
    {"learning_rate", QT_TRANSLATE_NOOP("Glossary", "Learning rate"),
     QT_TRANSLATE_NOOP("Glossary",
                       "<p>How big a step the optimiser (AdamW) takes on the weights at each training step.</p>"
                       "<p>Too small and the loss falls slowly; too large and the steps overshoot, the loss jumps up "
                       "and may diverge to infinity (LossLab's spike guard then stops the run). "
                       "<b>Warmup</b> raises the rate from 0 over the first steps, and a <b>schedule</b> (cosine, "
                       "linear) lowers it towards the end, so that the model settles.</p>")},
    {"accuracy", QT_TRANSLATE_NOOP("Glossary", "Accuracy"),
     QT_TRANSLATE_NOOP("Glossary",
                       "<p>The share of validation texts whose most probable class is the correct one. Unlike the "
                       "loss it ignores how confident the model was: two models with the same accuracy can have "
                       "very different losses and calibration.</p>")},
    {"validation", QT_TRANSLATE_NOOP("Glossary", "Training and validation"),
     QT_TRANSLATE_NOOP("Glossary",
                       "<p>The data set is split in two. The model learns from the <b>training</b> split; the "
                       "<b>validation</b> split is only used to measure it. A training loss that keeps falling while "
                       "the validation loss rises is <b>overfitting</b>: the model memorises its examples instead of "
                       "learning what generalises.</p>")},
};

QString tr_term(const char* text) { return QCoreApplication::translate("Glossary", text); }

}  // namespace

GlossaryDialog::GlossaryDialog(QWidget* parent) : QDialog(parent) {
  setObjectName("glossary");
  list_ = new QListWidget(this);
  for (const Term& t : kTerms) {
    auto* item = new QListWidgetItem(list_);
    item->setData(Qt::UserRole, QString::fromLatin1(t.key));
  }
  list_->setMaximumWidth(240);
  text_ = new QTextBrowser(this);
  text_->setOpenExternalLinks(false);
  QFont f = text_->font();
  f.setPointSizeF(f.pointSizeF() * 1.25);
  text_->setFont(f);
  hint_ = new QLabel(this);
  hint_->setWordWrap(true);
  hint_->setEnabled(false);
  auto* buttons = buttons_ = new QDialogButtonBox(QDialogButtonBox::Close, this);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

  auto* row = new QHBoxLayout;
  row->addWidget(list_);
  row->addWidget(text_, 1);
  auto* lay = new QVBoxLayout(this);
  lay->addLayout(row, 1);
  lay->addWidget(hint_);
  lay->addWidget(buttons);

  connect(list_, &QListWidget::currentRowChanged, this, &GlossaryDialog::show_row);
  retranslate();
  list_->setCurrentRow(0);
  resize(820, 520);
}

QStringList GlossaryDialog::keys() {
  QStringList k;
  for (const Term& t : kTerms) k << QString::fromLatin1(t.key);
  return k;
}

void GlossaryDialog::show_term(const QString& key) {
  const int row = keys().indexOf(key);
  if (row >= 0) list_->setCurrentRow(row);
}

QString GlossaryDialog::current_key() const {
  const int row = list_->currentRow();
  return row >= 0 ? keys().value(row) : QString();
}

void GlossaryDialog::show_row(int row) {
  if (row < 0 || row >= static_cast<int>(std::size(kTerms))) return;
  const Term& t = kTerms[row];
  text_->setHtml(QStringLiteral("<h2>%1</h2>%2").arg(tr_term(t.name), tr_term(t.body)));
}

void GlossaryDialog::retranslate() {
  setWindowTitle(tr("Glossary"));
  list_->setToolTip(tr("Choose a word to read what it means"));
  buttons_->button(QDialogButtonBox::Close)->setToolTip(tr("Close the glossary (Esc)"));
  hint_->setText(tr("The same words appear in the tooltips of the controls and charts: hover over one to read it."));
  for (int i = 0; i < list_->count(); ++i) list_->item(i)->setText(tr_term(kTerms[i].name));
  show_row(list_->currentRow());
}

void GlossaryDialog::changeEvent(QEvent* e) {
  if (e->type() == QEvent::LanguageChange) retranslate();
  QDialog::changeEvent(e);
}

}  // namespace losslab::ui
