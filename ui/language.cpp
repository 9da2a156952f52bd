// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/language.hpp"

#include <QApplication>
#include <QCoreApplication>
#include <QFontDatabase>
#include <QFile>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>
#include <QTranslator>

namespace losslab::ui {
namespace {

QString& current() {
  static QString code = QStringLiteral("en");
  return code;
}

// The compiled catalogues (.qm) are embedded as Qt resources at :/i18n/.
QTranslator* translator() {
  static QTranslator* t = new QTranslator(QCoreApplication::instance());
  return t;
}
// Qt's own strings (standard buttons, file dialogs) from Debian's qt6-translations-l10n.
QTranslator* qt_translator() {
  static QTranslator* t = new QTranslator(QCoreApplication::instance());
  return t;
}

// Chinese text is drawn in a CJK font of its own (Noto Sans CJK SC, from
// fonts-noto-cjk), not as fallback glyphs inside a Latin font: the layout
// then measures the same glyphs it draws (Qt Charts elides a vertical axis
// title whose glyphs are taller than the font it measured). Size and weight
// stay as they are; English goes back to the platform's font.
void use_font_for(const QString& code) {
  static const QString platform_family = QApplication::font().family();
  const QString cjk = QStringLiteral("Noto Sans CJK SC");
  QFont f = QApplication::font();
  const QString family = code.startsWith(QStringLiteral("zh")) && QFontDatabase::hasFamily(cjk) ? cjk : platform_family;
  if (f.family() == family) return;
  f.setFamily(family);
  QApplication::setFont(f);
}

}  // namespace

QStringList available_languages() { return {QStringLiteral("en"), QStringLiteral("zh_CN")}; }

QString current_language() { return current(); }

bool set_language(const QString& code) {
  if (!available_languages().contains(code)) return false;
  if (code == current()) return true;
  if (code != QStringLiteral("en") && !translator()->load(QStringLiteral(":/i18n/losslab_%1.qm").arg(code)))
    return false;
  QCoreApplication::removeTranslator(qt_translator());
  QCoreApplication::removeTranslator(translator());
  if (code != QStringLiteral("en")) {
    if (qt_translator()->load(QStringLiteral("qtbase_%1").arg(code), QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
      QCoreApplication::installTranslator(qt_translator());
    QCoreApplication::installTranslator(translator());  // sends LanguageChange to every widget
  }  // removeTranslator/installTranslator each send QEvent::LanguageChange
  current() = code;
  use_font_for(code);
  QLocale::setDefault(QLocale(code == QStringLiteral("en") ? QStringLiteral("en_US") : code));
  return true;
}

QString startup_language() {
  const QString saved = QSettings().value(QStringLiteral("ui/language")).toString();
  if (available_languages().contains(saved)) return saved;
  const QString system = QLocale::system().name();  // e.g. "zh_CN", "en_GB"
  if (system.startsWith(QStringLiteral("zh"))) return QStringLiteral("zh_CN");
  return QStringLiteral("en");
}

}  // namespace losslab::ui
