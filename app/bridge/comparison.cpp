#include "comparison.h"

#include "objectreader.h"
#include "session.h"

#include <lockstep/schedule.hpp>

#include <algorithm>
#include <set>

using namespace lockstep;

namespace {

QStringList strings(const std::vector<std::string>& list) {
    QStringList out;
    for (const auto& s : list) out << q(s);
    return out;
}

// "took", "cannot" or "absent": what one run did at a row, as the view tells them apart.
QString kindOf(const compare_step& s) {
    if (s.took) return QStringLiteral("took");
    return s.absent() ? QStringLiteral("absent") : QStringLiteral("cannot");
}

}  // namespace

// ---- the rows ---------------------------------------------------------------------------------

CompareRows::CompareRows(QObject* parent)
    : RowsModel({{StepRole, "step"},
                 {ThreadRole, "thread"},
                 {PartRole, "part"},
                 {PartStartRole, "partStart"},
                 {ScheduledRole, "scheduled"},
                 {DiffersRole, "differs"},
                 {KindsRole, "kinds"},
                 {LeftKindRole, "leftKind"},
                 {LeftActionRole, "leftAction"},
                 {LeftWhereRole, "leftWhere"},
                 {LeftMovesRole, "leftMoves"},
                 {LeftVerdictsRole, "leftVerdicts"},
                 {RightKindRole, "rightKind"},
                 {RightActionRole, "rightAction"},
                 {RightWhereRole, "rightWhere"},
                 {RightMovesRole, "rightMoves"},
                 {RightVerdictsRole, "rightVerdicts"}},
                parent, Resize::reset) {}

void CompareRows::setComparison(const comparison* c) {
    std::vector<Row> rows;
    if (c) {
        rows.reserve(c->rows.size());
        for (std::size_t r = 0; r < c->rows.size(); ++r) {
            const compare_row& row = c->rows[r];
            Row values{static_cast<int>(r + 1),
                       q(c->runs[0].thread_name(row.thread)),
                       static_cast<int>(row.part),
                       r == 0 || c->rows[r - 1].part != row.part,
                       row.scheduled,
                       row.differences != 0,
                       q(difference_kinds(row.differences))};
            for (int side = 0; side < 2; ++side) {
                const step_words words = describe_step_parts(*c, r, side);
                const compare_step& s = row.side[static_cast<std::size_t>(side)];
                values.insert(values.end(), {kindOf(s), q(words.action), q(words.where), strings(words.moves),
                                             strings(words.verdicts)});
            }
            rows.push_back(std::move(values));
        }
    }
    setRows(std::move(rows));
}

// ---- what is compared -------------------------------------------------------------------------

Comparison::Comparison(QObject* parent) : QObject(parent), m_rows(new CompareRows(this)) {}

Comparison::~Comparison() = default;

void Comparison::setSession(Session* session) {
    if (session == m_session) return;
    m_session = session;
    emit sessionChanged();
}

QString Comparison::scenario() const { return q(m_base.scenario); }
QString Comparison::scenarioTitle() const {
    const scenario_info* s = find_scenario(m_base.scenario);
    return s ? q(s->title) : QString();
}

QStringList Comparison::variants() const {
    QStringList names;
    for (const variant_info* v : variants_for(m_base.scenario)) names << q(v->name);
    return names;
}

QString Comparison::summary(int side) const {
    const variant_info* v = find_variant(m_variant[side].toStdString());
    return v ? q(v->summary) : QString();
}

void Comparison::loadFromSession() {
    if (!m_session) {
        m_error = tr("There is no run to compare.");
        emit resultChanged();
        return;
    }
    m_base = m_session->run().config();
    m_schedule = m_session->schedule();
    const scenario_info* s = find_scenario(m_base.scenario);
    const QString current = q(m_base.variant);
    const QString fallback = q(s->default_variant);
    if (current != fallback) {
        m_variant[0] = current;
        m_variant[1] = fallback;
    } else {
        // The lab runs the default: set against it the variant the scenario's lesson breaks,
        // or else the first other one.
        const QStringList all = variants();
        QString other = q(s->lesson_variant);
        if (other.isEmpty() || !all.contains(other))
            for (const QString& v : all)
                if (v != current) {
                    other = v;
                    break;
                }
        m_variant[0] = other.isEmpty() ? current : other;
        m_variant[1] = current;
    }
    emit configChanged();
    compare();
}

// The lab's switch overrides belong to the lab's variant (they are what the person changed in
// its preset), so only a side running that variant has them; the other runs its own preset.
run_config Comparison::configOf(int side) const {
    run_config cfg = m_base;
    cfg.variant = m_variant[side].toStdString();
    if (cfg.variant != m_base.variant) cfg.switches.clear();
    return cfg;
}

void Comparison::setVariant(int side, const QString& name) {
    if (name == m_variant[side]) return;
    m_variant[side] = name;
    emit configChanged();
    compare();
}

bool Comparison::setVariants(const QString& left, const QString& right) {
    m_variant[0] = left;
    m_variant[1] = right;
    emit configChanged();
    compare();
    return m_error.isEmpty();
}

void Comparison::setSchedule(const QString& text) {
    if (text == m_schedule && m_result) return;
    m_schedule = text;
    emit configChanged();
    compare();
}

void Comparison::setByPoint(bool on) {
    if (on == m_byPoint) return;
    m_byPoint = on;
    emit configChanged();
    compare();
}

void Comparison::setRunToEnd(bool on) {
    if (on == m_runToEnd) return;
    m_runToEnd = on;
    emit configChanged();
    compare();
}

// ---- the outcome ------------------------------------------------------------------------------

void Comparison::compare() {
    m_result.reset();
    m_error.clear();
    compare_options options;
    options.align = m_byPoint ? compare_align::point : compare_align::step;
    options.run_to_end = m_runToEnd;
    try {
        m_result = std::make_unique<comparison>(
            lockstep::compare(configOf(0), configOf(1), m_schedule.toStdString(), options));
    } catch (const config_error& e) {
        m_error = q(e.what());
    } catch (const schedule_error& e) {
        m_error = tr("Schedule: %1").arg(q(e.what()));
    } catch (const std::exception& e) {  // whatever else: say it, never take the window down
        m_error = q(e.what());
    }
    m_rows->setComparison(m_result.get());

    m_differenceCount = 0;
    m_turningPoints.clear();
    if (m_result) {
        const comparison& c = *m_result;
        for (const auto& row : c.rows) m_differenceCount += row.differences != 0;
        std::set<std::size_t> told;
        // Each side's part, short enough for a callout: what the thread did and whom it moved
        // (the list beside it has the source lines), or for the verdicts only what each run
        // found there (the step that found a lost wakeup is an ordinary one).
        auto side = [&](std::size_t row, int i, bool verdictsOnly) {
            const step_words words = describe_step_parts(c, row, i);
            if (verdictsOnly)
                return words.verdicts.empty() ? tr("no violation") : strings(words.verdicts).join(QStringLiteral("; "));
            QStringList parts{c.rows[row].side[i].absent()
                                  ? q(words.action)
                                  : q(c.runs[i].thread_name(c.rows[row].thread) + " " + words.action)};
            parts << strings(words.moves) << strings(words.verdicts);
            return parts.join(QStringLiteral("; "));
        };
        auto add = [&](const QString& title, const std::optional<std::size_t>& row, bool verdictsOnly) {
            if (!row || !told.insert(*row).second) return;
            m_turningPoints << QVariantMap{{"step", static_cast<int>(*row + 1)},
                                           {"title", title},
                                           {"kinds", q(difference_kinds(c.rows[*row].differences))},
                                           {"text", q(describe_difference(c, *row))},
                                           {"left", side(*row, 0, verdictsOnly)},
                                           {"right", side(*row, 1, verdictsOnly)}};
        };
        add(tr("First difference"), c.first_difference, false);
        add(tr("First difference in thread states"), c.first_state_difference, false);
        add(tr("First difference in verdicts"), c.first_verdict_difference, true);
    }
    emit resultChanged();
    // A new comparison opens where the runs first part: that is what the person came for.
    m_current = firstDifference();
    publishCurrent();
}

int Comparison::count() const { return m_result ? static_cast<int>(m_result->rows.size()) : 0; }
int Comparison::scheduledCount() const { return m_result ? static_cast<int>(m_result->scheduled) : 0; }
bool Comparison::truncated() const { return m_result && m_result->truncated; }
QString Comparison::name(int side) const { return m_result ? q(m_result->names[side]) : m_variant[side]; }
QString Comparison::taken(int side) const { return m_result ? q(m_result->taken[side]) : QString(); }
int Comparison::firstDifference() const {
    return m_result && m_result->first_difference ? static_cast<int>(*m_result->first_difference + 1) : 0;
}

// From the rows, not the run: the run stands at the step looked at.
bool Comparison::violated(int side) const {
    if (!m_result) return false;
    for (const auto& row : m_result->rows)
        if (!row.side[side].verdicts.empty()) return true;
    return false;
}

QString Comparison::outcome(int side) const {
    if (!m_result) return {};
    QStringList lines;
    const auto& rows = m_result->rows;
    for (std::size_t r = 0; r < rows.size(); ++r)
        for (const auto& v : rows[r].side[side].verdicts)
            if (const QString line = tr("%1 at step %2").arg(q(v.invariant)).arg(r + 1); !lines.contains(line)) lines << line;
    if (lines.isEmpty())
        lines << (m_result->finished[side] ? tr("No violation: every thread finished")
                                                   : tr("No violation so far (its threads have not all finished)"));
    return lines.join(QStringLiteral("; "));
}

// ---- the step looked at -----------------------------------------------------------------------

void Comparison::setCurrent(int step) {
    step = std::clamp(step, 0, count());
    if (step == m_current) return;
    m_current = step;
    publishCurrent();
}

bool Comparison::currentDiffers() const {
    return m_result && m_current > 0 && m_result->rows[m_current - 1].differences != 0;
}

QString Comparison::currentKinds() const {
    return currentDiffers() ? q(difference_kinds(m_result->rows[m_current - 1].differences)) : QString();
}

void Comparison::nextDifference() {
    if (!m_result) return;
    for (int r = m_current; r < count(); ++r)  // row r is step r + 1
        if (m_result->rows[r].differences) return setCurrent(r + 1);
}

void Comparison::previousDifference() {
    if (!m_result) return;
    for (int r = m_current - 2; r >= 0; --r)
        if (m_result->rows[r].differences) return setCurrent(r + 1);
}

void Comparison::publishCurrent() {
    m_values.clear();
    m_threads.clear();
    for (auto& side : m_side) side.clear();
    if (!m_result) {
        emit currentChanged();
        return;
    }
    comparison& c = *m_result;
    snapshot shots[2];
    std::set<std::int32_t> written[2];
    for (int side = 0; side < 2; ++side) {
        QVariantMap m{{"name", name(side)}};
        std::uint64_t step = 0;
        if (m_current == 0) {
            m["kind"] = QStringLiteral("start");
            m["action"] = tr("the start: no step yet");
        } else {
            const std::size_t r = static_cast<std::size_t>(m_current - 1);
            const compare_step& s = c.rows[r].side[side];
            const step_words words = describe_step_parts(c, r, side);
            m["kind"] = kindOf(s);
            m["thread"] = q(c.runs[side].thread_name(c.rows[r].thread));
            m["action"] = q(words.action);
            m["where"] = q(words.where);
            m["moves"] = strings(words.moves);
            m["verdicts"] = strings(words.verdicts);
            step = s.step;
            for (const auto& v : s.values) written[side].insert(v.cell);
        }
        // The run as it was after the row: replaying is exact and fast.
        c.runs[side].go_to(step);
        shots[side] = c.runs[side].take_snapshot();
        m["step"] = static_cast<int>(step);
        m["verdict"] = QString();
        m["verdictStep"] = 0;
        for (int r = 0; r < m_current && m["verdict"].toString().isEmpty(); ++r)
            if (const auto& vs = c.rows[r].side[side].verdicts; !vs.empty()) {
                m["verdict"] = q(vs.front().invariant + ": " + vs.front().message);
                m["verdictStep"] = r + 1;
            }
        m_side[side] = m;
    }

    // Kernel fields by name (the checker's bookkeeping is not kernel memory, and the vm_refcnt
    // decomposition already tells what it knows). The lock's own object comes first, the one
    // with the refcount word, then the rest in layout order, tasks and slab caches last: on a
    // small screen what the comparison is about is at the top.
    auto rank = [](const object_info& o) {
        for (const auto& f : o.fields)
            if (f.kind == field_kind::refcnt_word) return 0;
        return o.type == "task_struct" ? 2 : o.type == "kmem_cache" ? 3 : 1;
    };
    struct slot {
        int rank;
        std::string object, field;
    };
    std::vector<slot> names;
    std::set<std::string> seen;
    for (const auto& shot : shots)
        for (const auto& object : shot.shape->objects)
            for (const auto& f : object.fields)
                if (f.kind != field_kind::ghost && seen.insert(object.name + "." + f.name).second)
                    names.push_back({rank(object), object.name, f.name});
    std::stable_sort(names.begin(), names.end(), [](const slot& a, const slot& b) { return a.rank < b.rank; });
    for (const slot& n : names) {
        QVariantMap row{{"name", q(n.object + "." + n.field)}};
        QString text[2], detail[2];
        for (int side = 0; side < 2; ++side) {
            const snapshot& s = shots[side];
            const field_info* f = find_field(*s.shape, n.object, n.field);
            if (f) {
                text[side] = q(format_value(*s.shape, *f, s.cells[f->cell]));
                if (f->kind == field_kind::refcnt_word)
                    for (const auto& object : s.shape->objects)
                        if (object.name == n.object) detail[side] = refcntDecomposition(ObjectReader(s, object, nullptr));
            }
            const char* which = side == 0 ? "left" : "right";
            row[which] = text[side];
            row[QString::fromLatin1(which) + "Detail"] = detail[side];
            row[QString::fromLatin1(which) + "Changed"] = f && written[side].count(static_cast<std::int32_t>(f->cell)) > 0;
            row[QString::fromLatin1(which) + "Missing"] = f == nullptr;
        }
        row["differs"] = text[0] != text[1] || detail[0] != detail[1];
        m_values << row;
    }

    for (std::size_t t = 0; t < shots[0].threads.size() && t < shots[1].threads.size(); ++t) {
        const thread_view& a = shots[0].threads[t];
        const thread_view& b = shots[1].threads[t];
        m_threads << QVariantMap{{"name", q(a.name)},
                                 {"left", QString::fromLatin1(to_string(a.state))},
                                 {"right", QString::fromLatin1(to_string(b.state))},
                                 {"leftWaiting", q(a.waiting_for)},
                                 {"rightWaiting", q(b.waiting_for)},
                                 {"differs", a.state != b.state || a.waiting_for != b.waiting_for}};
    }
    emit currentChanged();
}
