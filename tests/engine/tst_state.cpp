// The state a search hashes is each thread's position and the locals the algorithm declares
// live (kernel::forget_past), not everything the thread has read. That is only sound if the
// cuts lose nothing: for every scenario and every variant, breadth first from the start, the
// cut state must reach exactly the invariants the history-based state reaches, each first at
// the same depth (the length of its shortest schedule); and it must reach the same places
// (memory and every thread's next operation) at the same depths, and never take two states
// that stand in different places for one.
#include <lockstep/engine.hpp>
#include <lockstep/schedule.hpp>
#include "run_config_of.hpp"

#include <QTest>

#include <chrono>
#include <functional>
#include <map>
#include <unordered_map>
#include <unordered_set>

using namespace lockstep;

namespace {

// Deeper than any shortest violation in the catalogue.
constexpr std::uint32_t max_depth = 400;
constexpr std::size_t unlimited = SIZE_MAX;

// Where a run stands, whatever its threads' live locals: memory, and each thread's state, next
// operation, source point and call stack. Two states the search takes for one must agree on it.
std::uint64_t place_of(const engine& e) {
    const snapshot s = e.take_snapshot();
    std::uint64_t h = 0;
    const auto add = [&h](std::uint64_t v) { h = (h ^ v) * 0x100000001b3ULL + (h >> 29); };
    for (value_t v : s.cells) add(static_cast<std::uint64_t>(v));
    for (const thread_view& t : s.threads) {
        add(static_cast<std::uint64_t>(t.state));
        add(std::hash<std::string_view>{}(t.where.file_name() ? t.where.file_name() : ""));
        add(std::uint64_t{t.where.line()} << 16 | t.where.column());
        add(std::hash<std::string>{}(t.next_op));
        for (const std::string& f : t.stack) add(std::hash<std::string>{}(f));
    }
    return h;
}

struct layer_search {
    struct node {
        std::uint32_t parent;
        thread_id choice;
        std::uint32_t depth;
    };
    std::vector<node> nodes;                              // the states met, in breadth-first order
    std::map<std::string, std::uint32_t> first_depth;     // invariant -> depth it first breaks at
    std::unordered_map<std::uint64_t, std::uint32_t> places;  // place -> first node there
    // Every state less deep than this was expanded: the verdicts and places found are all those
    // of schedules of at most this many steps, each at its shortest.
    std::uint32_t expanded = 0;
    // Two schedules that the cut state takes to one state, though they stand in different
    // places (empty when there are none): sound cuts never merge those.
    QString merged_apart;
    double seconds = 0;

    std::vector<choice> schedule(std::uint32_t at) const {
        std::vector<choice> path(nodes[at].depth);
        for (std::uint32_t i = at; i != 0; i = nodes[i].parent) path[nodes[i].depth - 1] = nodes[i].choice;
        return path;
    }
};

// Breadth first, layer by layer from the start, replaying each node's path: the depth at which
// each invariant first breaks and each place is first reached, never going on from a state
// that has a verdict (as the explorer does not). It expands the states less deep than `depth`,
// and no layer after the one in which the states met pass `budget`. A test's own instrument,
// deliberately plain: it shares nothing with the explorer but engine::step, reset, state_hash
// and take_snapshot. Under the history-based state a state met again is the same run of
// every thread, so only the cut state's are compared with their first.
layer_search search_layers(run_config cfg, std::uint32_t depth, std::size_t budget) {
    const bool check_merges = !cfg.history_state;
    const auto start = std::chrono::steady_clock::now();
    cfg.trace = false;
    cfg.step_budget = UINT64_MAX;  // cycles are cut by the visited set, as in check()
    engine e(cfg);
    layer_search result;
    result.expanded = depth;
    auto& nodes = result.nodes;
    nodes.push_back({0, no_thread, 0});
    std::unordered_map<std::uint64_t, std::pair<std::uint32_t, std::uint64_t>> met{{e.state_hash(), {0, place_of(e)}}};
    result.places.emplace(met.begin()->second.second, 0);
    std::vector<choice> path;
    for (std::uint32_t at = 0; at < nodes.size(); ++at) {
        const std::uint32_t d = nodes[at].depth;
        if (d > 0 && d != nodes[at - 1].depth && met.size() > budget) {  // a new layer begins
            result.expanded = d;
            break;
        }
        if (d >= depth) break;
        path = result.schedule(at);
        const auto replay = [&] {
            e.reset();
            for (const choice& c : path) e.step(c);
        };
        replay();
        const std::vector<thread_id> children = e.runnable();
        for (std::size_t i = 0; i < children.size(); ++i) {
            if (i > 0) replay();
            e.step(children[i]);
            if (!e.verdicts().empty()) {
                for (const verdict& v : e.verdicts()) result.first_depth.try_emplace(v.invariant, d + 1);
                continue;
            }
            const auto [it, fresh] = met.try_emplace(e.state_hash(), static_cast<std::uint32_t>(nodes.size()), 0);
            if (fresh) {
                nodes.push_back({at, children[i], d + 1});
                it->second.second = place_of(e);
                result.places.try_emplace(it->second.second, it->second.first);
            } else if (check_merges && it->second.second != place_of(e) && result.merged_apart.isEmpty()) {
                std::vector<choice> here = path;
                here.push_back(children[i]);
                result.merged_apart = QStringLiteral("\"%1\" and \"%2\" reach one state in different places")
                                          .arg(QString::fromStdString(format_schedule(result.schedule(it->second.first), e)),
                                               QString::fromStdString(format_schedule(here, e)));
            }
        }
    }
    result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return result;
}

QString describe(const layer_search& s) {
    QStringList parts;
    for (const auto& [invariant, depth] : s.first_depth)
        parts << QStringLiteral("%1 at %2").arg(QString::fromStdString(invariant)).arg(depth);
    return parts.isEmpty() ? QStringLiteral("no violation") : parts.join(QStringLiteral(", "));
}

// The first place (in the order `a` met them) that `b` does not reach at the same depth, with
// the schedule that takes `a` there; empty when `b` reaches all of them.
QString missing_place(const layer_search& a, const layer_search& b, const engine& names) {
    std::vector<std::pair<std::uint32_t, std::uint64_t>> in_order;
    for (const auto& [place, at] : a.places) in_order.emplace_back(at, place);
    std::sort(in_order.begin(), in_order.end());
    for (const auto& [at, place] : in_order) {
        const auto other = b.places.find(place);
        if (other != b.places.end() && b.nodes[other->second].depth == a.nodes[at].depth) continue;
        return QStringLiteral("\"%1\" (%2 steps)").arg(QString::fromStdString(format_schedule(a.schedule(at), names))).arg(a.nodes[at].depth);
    }
    return {};
}

// Every scenario with every variant of its family; `readers` where the scenario has a repeated
// role, its fixed cast otherwise. TST_STATE_SCENARIO, when set, keeps only that scenario's rows
// (ctest runs the two-reader search one scenario per entry).
void add_rows(int readers) {
    QTest::addColumn<QString>("scenario");
    QTest::addColumn<QString>("variant");
    QTest::addColumn<int>("readers");
    QTest::addColumn<int>("rounds");
    const QByteArray only = qgetenv("TST_STATE_SCENARIO");
    for (const scenario_info& s : scenarios()) {
        if (!only.isEmpty() && s.name != only.toStdString()) continue;
        for (const variant_info* v : variants_for(s.name))
            QTest::newRow((s.name + " " + v->name).c_str()) << QString::fromStdString(s.name)
                << QString::fromStdString(v->name) << (s.default_readers > 0 ? readers : 0) << 1;
    }
}

// Each per-VMA lock scenario in its own variant, every thread doing its work twice: the cuts at
// the start of each round must keep the rounds apart.
void add_round_rows() {
    QTest::addColumn<QString>("scenario");
    QTest::addColumn<QString>("variant");
    QTest::addColumn<int>("readers");
    QTest::addColumn<int>("rounds");
    for (const scenario_info& s : scenarios())
        if (s.family == "vma")
            QTest::newRow(s.name.c_str()) << QString::fromStdString(s.name)
                << QString::fromStdString(s.default_variant) << (s.default_readers > 0 ? 1 : 0) << 2;
}

// The history-based search sets how deep both go: all the way, or as deep as `budget` of its
// states allow. Sound cuts give the same verdicts and places at the same depths either way; a
// search cut short only compares the shorter schedules.
void verify_same_as_history(std::size_t budget) {
    QFETCH(QString, scenario);
    QFETCH(QString, variant);
    QFETCH(int, readers);
    QFETCH(int, rounds);
    run_config cfg = config_of(scenario, variant);
    cfg.readers = readers;
    cfg.rounds = rounds;

    cfg.history_state = true;
    const layer_search history = search_layers(cfg, max_depth, budget);
    cfg.history_state = false;
    const layer_search cut = search_layers(cfg, history.expanded, unlimited);

    qInfo("%s in up to %u steps: %zu states by history (%.2f s), %zu by position and live values (%.2f s), "
          "%zu places",
          qPrintable(describe(history)), history.expanded, history.nodes.size(), history.seconds, cut.nodes.size(),
          cut.seconds, history.places.size());
    QVERIFY2(cut.merged_apart.isEmpty(), qPrintable(cut.merged_apart));
    QCOMPARE(describe(cut), describe(history));
    const engine names(cfg);
    const QString lost = missing_place(history, cut, names);
    QVERIFY2(lost.isEmpty(), qPrintable("the cut state never gets where " + lost + " does"));
    const QString added = missing_place(cut, history, names);
    QVERIFY2(added.isEmpty(), qPrintable("the cut state gets where history does not: " + added));
    QVERIFY(cut.nodes.size() <= history.nodes.size());
}

}  // namespace

class tst_state : public QObject {
    Q_OBJECT

private slots:
    // One reader, and each search bounded: seconds for the whole catalogue, with every build.
    void cutStateReachesWhatHistoryReaches_data() { add_rows(1); }
    void cutStateReachesWhatHistoryReaches() { verify_same_as_history(10000); }
    void cutStateKeepsTheRoundsApart_data() { add_round_rows(); }
    void cutStateKeepsTheRoundsApart() { verify_same_as_history(30000); }
    // Two readers, all the way where the history-based state has at most three million states
    // (every per-VMA lock scenario does): minutes per scenario, run as tst_state_claims.<scenario>.
    // Without any cut, a retry loop (binder's allocator, the OOM reaper) never comes back to a
    // state it has seen, so binder's searches stop there.
    void cutStateReachesWhatHistoryReachesWithTwoReaders_data() { add_rows(2); }
    void cutStateReachesWhatHistoryReachesWithTwoReaders() { verify_same_as_history(3'000'000); }
};

QTEST_APPLESS_MAIN(tst_state)
#include "tst_state.moc"
