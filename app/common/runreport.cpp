#include "runreport.hpp"

#include <lockstep/kernel_sources.hpp>
#include <lockstep/schedule.hpp>

#include <QStringList>

namespace lockstep::report {

namespace {

QString q(const std::string& s) { return QString::fromStdString(s); }

// The kernel file of an event's function, in the kernel version the run's variant stands for.
const char* kernel_file(const event& ev, const engine& e) {
    const variant_info* v = find_variant(e.config().variant);
    return kernel_file_of(ev.function, v ? v->algorithm : std::string());
}

}  // namespace

// ---- JSON ---------------------------------------------------------------------------------

QJsonObject to_json(const verdict& v, const engine& e) {
    QJsonArray threads, cycle, via;
    for (thread_id t : v.threads) threads.append(q(e.thread_name(t)));
    for (thread_id t : v.cycle) cycle.append(q(e.thread_name(t)));
    for (const std::string& edge : v.cycle_via) via.append(q(edge));
    QJsonObject o{{"invariant", q(v.invariant)}, {"message", q(v.message)},
                  {"step", static_cast<qint64>(v.step)}, {"threads", threads}};
    if (!cycle.isEmpty()) o["cycle"] = cycle;
    if (!via.isEmpty()) o["cycle_via"] = via;  // how each thread of the cycle waits for the next
    return o;
}

QJsonArray verdicts_json(const std::vector<verdict>& vs, const engine& e) {
    QJsonArray a;
    for (const auto& v : vs) a.append(to_json(v, e));
    return a;
}

QJsonObject to_json(const event& ev, const engine& e) {
    const auto shape = e.shape();
    const char* file = kernel_file(ev, e);
    QJsonObject o{{"step", static_cast<qint64>(ev.step)},
                  {"thread", q(e.thread_name(ev.thread))},
                  {"function", ev.function},
                  {"kernel_file", file ? QJsonValue(QString::fromUtf8(file)) : QJsonValue()},
                  {"line", static_cast<int>(ev.where.line())},
                  {"column", static_cast<int>(ev.where.column())},
                  {"op", ev.op}};
    if (*ev.ordering) o["ordering"] = ev.ordering;
    if (const field_ref at = field_at(*shape, ev.cell)) {
        o["object"] = q(at.object->name);
        o["field"] = q(at.field->name);
        o["old"] = static_cast<qint64>(ev.old_value);
        o["new"] = static_cast<qint64>(ev.new_value);
        o["old_text"] = q(format_value(*shape, *at.field, ev.old_value));
        o["new_text"] = q(format_value(*shape, *at.field, ev.new_value));
    }
    if (ev.failed) o["failed"] = true;
    if (ev.woke != no_thread) o["woke"] = q(e.thread_name(ev.woke));
    if (ev.option) o["option"] = QString(QChar(ev.option_kind)) + QString::number(ev.option);
    return o;
}

QJsonObject to_json(const snapshot& s, const engine& e) {
    QJsonArray threads;
    for (const auto& t : s.threads) {
        QJsonArray stack, locks;
        for (const auto& f : t.stack) stack.append(q(f));
        for (const auto& l : t.locks_held) locks.append(q(l));
        QJsonObject o{{"name", q(t.name)}, {"state", to_string(t.state)}, {"in_rcu", t.in_rcu},
                      {"kernel_state", QString(QChar::fromLatin1(t.kernel_state))},
                      {"signal_pending", t.signal_pending}, {"stack", stack}, {"locks_held", locks}};
        if (t.state != thread_state::done && t.state != thread_state::killed) {
            o["next_op"] = q(t.next_op);
            o["line"] = static_cast<int>(t.where.line());
            if (!t.waiting_for.empty()) o["waiting_for"] = q(t.waiting_for);
        }
        threads.append(o);
    }
    QJsonArray objects;
    for (const auto& obj : s.shape->objects) {
        QJsonArray fields;
        for (const auto& f : obj.fields)
            fields.append(QJsonObject{{"name", q(f.name)},
                                      {"value", static_cast<qint64>(s.cells[f.cell])},
                                      {"text", q(format_value(*s.shape, f, s.cells[f.cell]))}});
        objects.append(QJsonObject{{"name", q(obj.name)}, {"type", q(obj.type)}, {"fields", fields}});
    }
    return {{"step", static_cast<qint64>(s.step)}, {"finished", s.finished}, {"threads", threads},
            {"objects", objects}, {"verdicts", verdicts_json(s.verdicts, e)}};
}

QJsonObject config_json(const run_config& cfg) {
    QJsonObject sw;
    for (const auto& [name, on] : resolve_switches(cfg)) sw[q(name)] = on;
    return {{"scenario", q(cfg.scenario)}, {"variant", q(with_defaults(cfg).variant)}, {"switches", sw}};
}

QJsonObject run_json(const engine& e) {
    QJsonArray events;
    for (const auto& ev : e.events()) events.append(to_json(ev, e));
    QJsonObject doc = config_json(e.config());
    doc["schedule"] = q(format_schedule(e.choices(), e));
    doc["events"] = events;
    doc["final"] = to_json(e.take_snapshot(), e);
    doc["verdicts"] = verdicts_json(e.verdicts(), e);
    return doc;
}

// ---- text ---------------------------------------------------------------------------------

// A step that took another outcome than the newest store: which, in the schedule's words.
QString option_text(const event& ev) {
    if (!ev.option) return {};
    return ev.option_kind == 'w'
               ? QStringLiteral("  [w%1: lands %1 before the newest store]").arg(ev.option)
               : QStringLiteral("  [r%1: an older store, %1 before the newest it may read]").arg(ev.option);
}

// "   17  R1   mm/mmap_lock.c: vma_start_read:87  op ...": the kernel file and function the
// step belongs to, and the line of the engine's C++ version of that function.
QString event_line(const event& ev, const engine& e) {
    const char* file = kernel_file(ev, e);
    return QStringLiteral("%1  %2  %3:%4  %5")
        .arg(ev.step, 5)
        .arg(q(e.thread_name(ev.thread)), -3)
        .arg((file ? QString::fromUtf8(file) + QStringLiteral(": ") : QString()) + QString::fromUtf8(ev.function))
        .arg(ev.where.line())
        .arg(q(describe_event(ev, *e.shape())) + option_text(ev));
}

QString run_text(const engine& e) {
    QString text;
    QTextStream out(&text);
    QStringList threads;
    for (std::size_t t = 0; t < e.thread_count(); ++t) threads << q(e.thread_name(static_cast<thread_id>(t)));
    out << "run " << q(e.config().scenario) << " --variant " << q(e.config().variant) << "  (threads " << threads.join(' ');
    if (const field_info* word = first_field_of_kind(*e.shape(), field_kind::refcnt_word))
        out << "; VMA_LOCK_OFFSET = " << (word->offset == 8 ? "8, scaled 5-bit word" : "0x40000000");
    out << ")\n";
    for (const auto& ev : e.events()) out << event_line(ev, e) << "\n";
    for (const auto& t : e.take_snapshot().threads)
        if (t.state != thread_state::done)
            out << "thread " << q(t.name) << ": " << to_string(t.state)
                << (t.waiting_for.empty() ? QString() : " (" + q(t.waiting_for) + ")") << "\n";
    if (e.verdicts().empty()) out << "verdict: no violation\n";
    for (const auto& v : e.verdicts()) out << "verdict: " << q(v.invariant) << " at step " << v.step << ": " << q(v.message) << "\n";
    out << "schedule: " << q(format_schedule(e.choices(), e)) << "\n";
    out.flush();
    return text;
}

}  // namespace lockstep::report
