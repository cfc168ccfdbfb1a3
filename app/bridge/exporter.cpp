#include "exporter.h"

#include "objectreader.h"
#include "runreport.hpp"
#include "session.h"

#include <lockstep/engine.hpp>
#include <lockstep/schedule.hpp>

#include <QFile>
#include <QJsonDocument>
#include <QQuickItem>
#include <QQuickItemGrabResult>
#include <QSaveFile>
#include <QStringList>
#include <QTextStream>

namespace {

// The lockstep-cli command line that replays `cfg` with `schedule` and stops there, quoted for
// a shell (names are plain words; the schedule has spaces and '*').
QString cliCommand(const lockstep::run_config& cfg, const QString& schedule) {
    QStringList a{QStringLiteral("lockstep-cli run"), q(cfg.scenario)};
    if (!cfg.variant.empty()) a << QStringLiteral("--variant") << q(cfg.variant);
    for (const auto& [name, on] : cfg.switches)
        a << QStringLiteral("--switch") << q(name) + (on ? QStringLiteral("=on") : QStringLiteral("=off"));
    if (cfg.scaled) a << (*cfg.scaled ? QStringLiteral("--scaled") : QStringLiteral("--real"));
    if (cfg.readers > 0) a << QStringLiteral("--readers") << QString::number(cfg.readers);
    if (cfg.rounds != 1) a << QStringLiteral("--rounds") << QString::number(cfg.rounds);
    a << QStringLiteral("--schedule") << QLatin1Char('"') + schedule + QLatin1Char('"') << QStringLiteral("--stop");
    return a.join(QLatin1Char(' '));
}

}  // namespace

void Exporter::setSession(Session* session) {
    if (m_session == session) return;
    m_session = session;
    emit sessionChanged();
}

QString Exporter::localPath(const QString& file) {
    const QUrl url(file);
    return url.isLocalFile() ? url.toLocalFile() : file;
}

// The file is written whole or not at all (QSaveFile), so a failed export never leaves half a
// schedule where a good one was.
QString Exporter::write(const QString& file, const QString& text) const {
    if (!m_session) return tr("nothing to export: no run");
    const QString path = localPath(file);
    QSaveFile out(path);
    if (!out.open(QIODevice::WriteOnly | QIODevice::Text) || out.write(text.toUtf8()) < 0 || !out.commit())
        return tr("could not write %1: %2").arg(path, out.errorString());
    return {};
}

// A schedule file is the run's configuration and schedule, one "key value" line each, after a
// comment with the lockstep-cli command that replays it, so it reads in a terminal as well.
QString Exporter::scheduleText() const {
    if (!m_session) return {};
    const lockstep::engine& e = m_session->run();
    const lockstep::run_config& cfg = e.config();
    const QString schedule = q(lockstep::format_schedule(e.choices(), e));
    QString text;
    QTextStream out(&text);
    out << "# Lockstep schedule: " << e.step_count() << " steps. In a terminal:\n#   "
        << cliCommand(cfg, schedule) << "\n";
    out << "scenario " << q(cfg.scenario) << "\n";
    if (!cfg.variant.empty()) out << "variant " << q(cfg.variant) << "\n";
    for (const auto& [name, on] : cfg.switches) out << "switch " << q(name) << (on ? " on" : " off") << "\n";
    if (cfg.scaled) out << "scaled " << (*cfg.scaled ? "on" : "off") << "\n";
    if (cfg.readers > 0) out << "readers " << cfg.readers << "\n";
    if (cfg.rounds != 1) out << "rounds " << cfg.rounds << "\n";
    out << "schedule " << schedule << "\n";
    out.flush();
    return text;
}

std::optional<Exporter::schedule_file> Exporter::readScheduleFile(const QString& file, QString* error) {
    const QString path = localPath(file);
    auto fail = [&](const QString& why) {
        if (error) *error = why;
        return std::nullopt;
    };
    // Every problem in the file names its line and the column of the word at fault.
    auto failAt = [&](int line, int column, const QString& why) {
        return fail(QStringLiteral("%1:%2:%3: %4").arg(path).arg(line).arg(column).arg(why));
    };
    QFile in(path);
    if (!in.open(QIODevice::ReadOnly | QIODevice::Text)) return fail(QStringLiteral("cannot read %1: %2").arg(path, in.errorString()));
    schedule_file result;
    struct place {
        int line = 0, column = 0;
    };
    place scenarioAt, variantAt;
    std::map<std::string, place> switchAt;
    int number = 0;
    while (!in.atEnd()) {
        ++number;
        const QString raw = QString::fromUtf8(in.readLine());
        const QString line = raw.trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1Char('#'))) continue;
        const int indent = static_cast<int>(raw.indexOf(line));
        const qsizetype space = line.indexOf(QLatin1Char(' '));
        const QString key = space < 0 ? line : line.left(space);
        const QString value = space < 0 ? QString() : line.mid(space + 1).trimmed();
        const place at{number, indent + 1 + static_cast<int>(value.isEmpty() ? 0 : line.indexOf(value, space))};
        const QStringList words = value.split(QLatin1Char(' '), Qt::SkipEmptyParts);
        auto onOff = [&](const QString& word, bool* on) {
            *on = word == QLatin1String("on");
            return word == QLatin1String("on") || word == QLatin1String("off");
        };
        bool ok = true, on = false;
        if (key == QLatin1String("scenario") && words.size() == 1) {
            result.config.scenario = value.toStdString();
            scenarioAt = at;
        } else if (key == QLatin1String("variant") && words.size() == 1) {
            result.config.variant = value.toStdString();
            variantAt = at;
        } else if (key == QLatin1String("switch") && words.size() == 2 && onOff(words[1], &on)) {
            result.config.switches[words[0].toStdString()] = on;
            switchAt[words[0].toStdString()] = at;
        } else if (key == QLatin1String("scaled") && words.size() == 1 && onOff(words[0], &on)) {
            result.config.scaled = on;
        } else if (key == QLatin1String("readers")) {
            result.config.readers = value.toInt(&ok);
        } else if (key == QLatin1String("rounds")) {
            result.config.rounds = value.toInt(&ok);
        } else if (key == QLatin1String("schedule")) {
            result.schedule = value;
            result.scheduleLine = at.line;
            result.scheduleColumn = at.column;
        } else {
            ok = false;
        }
        if (!ok) return failAt(number, indent + 1, QStringLiteral("cannot read '%1' (expected scenario, variant, switch NAME on|off, scaled on|off, readers N, rounds N or schedule ...)").arg(line));
    }
    if (!scenarioAt.line) return fail(QStringLiteral("%1: no scenario line").arg(path));
    // The names, checked where their lines are known, so the run is known to start.
    const lockstep::run_config& cfg = result.config;
    if (!lockstep::find_scenario(cfg.scenario))
        return failAt(scenarioAt.line, scenarioAt.column, QStringLiteral("unknown scenario '%1'").arg(q(cfg.scenario)));
    if (variantAt.line) {
        QStringList known;
        for (const lockstep::variant_info* v : lockstep::variants_for(cfg.scenario)) known << q(v->name);
        if (!known.contains(q(cfg.variant)))
            return failAt(variantAt.line, variantAt.column, QStringLiteral("unknown variant '%1' for %2 (known: %3)")
                                                                .arg(q(cfg.variant), q(cfg.scenario), known.join(QStringLiteral(", "))));
    }
    for (const auto& [name, at] : switchAt)
        if (!lockstep::find_switch(name)) return failAt(at.line, at.column, QStringLiteral("unknown switch '%1'").arg(q(name)));
    try {
        lockstep::engine probe(cfg);
    } catch (const std::exception& e) {  // config_error: a count the scenario cannot take, clashing switches
        return failAt(scenarioAt.line, scenarioAt.column, q(e.what()));
    }
    return result;
}

QString Exporter::jsonText() const {
    if (!m_session) return {};
    return QString::fromUtf8(QJsonDocument(lockstep::report::run_json(m_session->run())).toJson());
}

QString Exporter::traceText() const {
    if (!m_session) return {};
    return lockstep::report::run_text(m_session->run());
}

QString Exporter::saveSchedule(const QString& file) const { return write(file, scheduleText()); }
QString Exporter::saveJson(const QString& file) const { return write(file, jsonText()); }
QString Exporter::saveTrace(const QString& file) const { return write(file, traceText()); }

bool Exporter::saveImage(QQuickItem* item, const QString& file) {
    if (!item || !item->window()) return false;
    // grabToImage renders the item's own tree, so the menu just closed and the file dialog
    // over the window are not in the picture.
    const QSharedPointer<QQuickItemGrabResult> grab = item->grabToImage();
    if (!grab) return false;
    const QString path = localPath(file);
    connect(grab.data(), &QQuickItemGrabResult::ready, this, [this, grab, path] {
        const QImage image = grab->image();
        QString error;
        if (image.isNull()) error = tr("the view could not be rendered");
        else if (!image.save(path, "PNG")) error = tr("could not write %1").arg(path);
        emit imageSaved(path, error);
    });
    return true;
}
