#include "cli.hpp"
#include "runreport.hpp"

#include <lockstep/compare.hpp>
#include <lockstep/engine.hpp>
#include <lockstep/explorer.hpp>
#include <lockstep/kernel_sources.hpp>
#include <lockstep/lesson.hpp>
#include <lockstep/litmus.hpp>
#include <lockstep/schedule.hpp>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <limits>
#include <mutex>
#include <optional>

namespace lockstep::cli {

namespace {

constexpr int exit_ok = 0;
constexpr int exit_violation = 1;
constexpr int exit_bad_input = 2;
constexpr int exit_incomplete = 3;  // check: stopped at a limit before exploring everything

const char* const usage_text = R"(usage:
  lockstep-cli list [--json]
  lockstep-cli run SCENARIO [options] [--schedule "R1 R1 W*3 ..."] [--stop] [--json]
  lockstep-cli check SCENARIO [options] [--max-steps N] [--max-states N] [--jobs N]
                     [--no-symmetry] [--no-por] [--preemptions K | --random N [--seed S]]
                     [--json]
  lockstep-cli compare SCENARIO --variants A,B [options] [--schedule "R1*4 W*17 ..."]
                       [--align point|step] [--stop]
  lockstep-cli lint FILE...
  lockstep-cli play FILE [--json]
  lockstep-cli litmus FILE...

Scenarios, variants and switches belong to an algorithm family (the per-VMA lock, binder);
`lockstep-cli list` names them all, family by family, with the kernel version of each variant.

options:
  --variant V          which variant runs (default: the scenario's own; a variant of the
                       scenario's family: final, v7, rwsem, ... or v4.4, rfc, v4.14, ...)
  --switch NAME=on|off override one of the variant's switches (repeatable)
  --scaled | --real    per-VMA lock: 5-bit vm_refcnt with VMA_LOCK_OFFSET = 8, or the real
                       0x40000000
  --readers N          per-VMA lock: number of reader threads R1..RN
  --rounds N           how many times each thread repeats its work
  --memory sc|lkmm     the memory model: sequentially consistent, or the Linux kernel's
                       (tools/memory-model) for the cells the scenario makes weak (default:
                       the scenario's own). Under lkmm a step may read an older store:
                       "P1:r2" in a schedule is P1's step reading the third newest store it
                       may read, "P0:w1" a store landing one place before the newest.
  --source FILE        the file the `litmus` scenario runs

run: performs the schedule, then lets the remaining threads run round-robin unless --stop.
compare: plays one schedule on two variants of the scenario side by side (--variants A,B; the
  other options apply to both) and prints both runs step by step, marking with '*' each step
  where they differ, then the first difference, the first in thread states and in verdicts.
  --align point (the default): A plays the schedule as written and B follows it to the same
  points of the algorithm, each run of one thread ("W*17") until B's thread stands where A's
  stopped, so both play the same race; steps only one variant has get rows of their own.
  --align step: step N is the schedule's Nth choice in both. A step whose thread cannot run in
  one variant is skipped there (that run says why) and the schedule goes on; after it, threads
  go round-robin until neither run can move, unless --stop.
check: explores every interleaving (states deduplicated); when one breaks an invariant, it
  prints the shortest schedule that does. The summary says how much was explored, with which
  reductions, how long it took and the peak resident memory; searches over a second report
  progress on stderr (a line rewritten in place on a terminal, else a line every 5 s).
  --max-steps N        executions longer than N steps are cut off (default 400)
  --max-states N       give up after N distinct states (default 3000000)
  --jobs N             worker threads sharing the search (default 0: one per core)
  --no-symmetry        do not treat threads of one role (the readers) as interchangeable
  --no-por             explore every order of steps that commute (no partial-order reduction)
  Not exhaustive, for when that is too much (each says what it covered; it exits 0 only if
  that turned out to be everything):
  --preemptions K      only the schedules with at most K preemptions (a switch away from a
                       thread that could have gone on), CHESS's bound, tried with 0, 1, ... K:
                       a violation comes with the fewest preemptions, then the fewest steps
  --random N           N random schedules: run i picks among the runnable threads with
                       std::mt19937_64(S + i), taking runnable[rng() % count]; it stops at the
                       first violation (--random 1 --seed S+i replays run i alone)
  --seed S             the random runs' seed S (default 1)
lint: checks lesson files against the format and the engine's names, plays each script (every
  checkpoint must hold, every step must be possible) and searches each challenge for a
  schedule that reaches its goal (lessons/README.md). A search that runs out of states is a
  warning, not an error.
play: plays a lesson headless, printing its narration and events and asserting every checkpoint.
exit status: 0 no violation (check: every interleaving was explored; lint: all files good;
               play: every checkpoint holds; compare: the two runs do the same),
             1 a violation (play: a checkpoint fails; compare: the runs differ),
             2 bad input (lint: a malformed lesson),
             3 check only: no violation found, but the search stopped at --max-states or
               --max-steps, or was bounded (--preemptions, --random), before exploring
               every interleaving, so nothing is proven.
)";

struct bad_input : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct options {
    QString command;
    QStringList files;  // lint, play
    run_config cfg;
    std::optional<QString> schedule;
    bool stop = false;
    bool json = false;
    QStringList variants;  // compare: the two variants, left then right
    compare_align align = compare_align::point;
    check_options check;
    bool seed_given = false;  // check: --seed, which only --random uses
};

long parse_number(const QString& option, const QString& text, long low, long high) {
    bool ok = false;
    const long v = text.toLong(&ok);
    if (!ok || v < low || v > high)
        throw bad_input(QStringLiteral("%1 expects a whole number from %2 to %3, got '%4'")
                            .arg(option).arg(low).arg(high).arg(text).toStdString());
    return v;
}

// What an unknown option's error lists, so the user needs no second trip to --help.
std::string accepted_options(const QString& command) {
    const std::string common = "--variant, --switch, --scaled, --real, --readers, --rounds, --memory, --source, ";
    if (command == "run") return common + "--schedule, --stop, --json";
    if (command == "compare") return "--variants, --switch, --scaled, --real, --readers, --rounds, --schedule, --align, --stop";
    return common + "--max-steps, --max-states, --jobs, --no-symmetry, --no-por, --preemptions, --random, --seed, --json";
}

options parse(const QStringList& args) {
    options o;
    if (args.size() < 2) throw bad_input("no command given (expected list, run, check, compare, lint, play or litmus; see --help)");
    o.command = args[1];
    if (o.command != "list" && o.command != "run" && o.command != "check" && o.command != "compare" &&
        o.command != "lint" && o.command != "play" && o.command != "litmus")
        throw bad_input("unknown command '" + o.command.toStdString() + "' (expected list, run, check, compare, lint, play or litmus)");
    int i = 2;
    if (o.command == "lint" || o.command == "play" || o.command == "litmus") {
        for (; i < args.size(); ++i) {
            if (args[i] == "--json" && o.command == "play") o.json = true;
            else if (args[i].startsWith("--")) throw bad_input("unknown option '" + args[i].toStdString() + "' for " + o.command.toStdString() + (o.command == "play" ? " (accepted: --json)" : " (accepted: none)"));
            else o.files << args[i];
        }
        if (o.files.isEmpty()) throw bad_input(o.command.toStdString() + (o.command == "litmus" ? " needs a litmus test file" : " needs a lesson file"));
        if (o.command == "play" && o.files.size() > 1) throw bad_input("play takes one lesson file");
        return o;
    }
    if (o.command != "list") {
        if (i >= args.size() || args[i].startsWith("--"))
            throw bad_input("'" + o.command.toStdString() + "' needs a scenario name (see 'lockstep-cli list')");
        o.cfg.scenario = args[i++].toStdString();
    }
    auto value = [&](const QString& option) {
        if (i + 1 >= args.size()) throw bad_input(option.toStdString() + " needs a value");
        return args[++i];
    };
    for (; i < args.size(); ++i) {
        const QString& a = args[i];
        if (a == "--json") o.json = true;
        else if (o.command == "list") throw bad_input("unexpected argument '" + a.toStdString() + "' for list (accepted: --json)");
        else if (a == "--variant" && o.command != "compare") o.cfg.variant = value(a).toStdString();
        else if (a == "--variants" && o.command == "compare") {
            o.variants = value(a).split(',');
            if (o.variants.size() != 2 || o.variants[0].isEmpty() || o.variants[1].isEmpty())
                throw bad_input("--variants expects two variants, A,B (e.g. L1,final), got '" + o.variants.join(',').toStdString() + "'");
        }
        else if (a == "--switch") {
            const QString s = value(a);
            const auto eq = s.indexOf('=');
            const QString state = eq < 0 ? QString() : s.mid(eq + 1);
            if (eq <= 0 || (state != "on" && state != "off"))
                throw bad_input("--switch expects NAME=on or NAME=off, got '" + s.toStdString() + "'");
            o.cfg.switches[s.left(eq).toStdString()] = state == "on";
        } else if (a == "--scaled") o.cfg.scaled = true;
        else if (a == "--real") o.cfg.scaled = false;
        else if (a == "--readers") o.cfg.readers = static_cast<int>(parse_number(a, value(a), 1, 16));
        else if (a == "--rounds") o.cfg.rounds = static_cast<int>(parse_number(a, value(a), 1, 1000000));
        else if (a == "--memory") {
            const QString m = value(a);
            if (m != "sc" && m != "lkmm") throw bad_input("--memory expects sc or lkmm, got '" + m.toStdString() + "'");
            o.cfg.memory = m == "lkmm" ? memory_model::lkmm : memory_model::sc;
        } else if (a == "--source") o.cfg.source = value(a).toStdString();
        else if (a == "--align" && o.command == "compare") {
            const QString how = value(a);
            if (how != "point" && how != "step")
                throw bad_input("--align expects point or step, got '" + how.toStdString() + "'");
            o.align = how == "point" ? compare_align::point : compare_align::step;
        } else if (a == "--schedule" && (o.command == "run" || o.command == "compare")) o.schedule = value(a);
        else if (a == "--stop" && (o.command == "run" || o.command == "compare")) o.stop = true;
        else if (a == "--max-steps" && o.command == "check") o.check.max_steps = static_cast<std::uint64_t>(parse_number(a, value(a), 1, 100000));
        else if (a == "--max-states" && o.command == "check") o.check.max_states = static_cast<std::uint64_t>(parse_number(a, value(a), 1, 100000000));
        else if (a == "--jobs" && o.command == "check") o.check.jobs = static_cast<unsigned>(parse_number(a, value(a), 0, 256));
        else if (a == "--no-symmetry" && o.command == "check") o.check.symmetry = false;
        else if (a == "--no-por" && o.command == "check") o.check.por = false;
        else if (a == "--preemptions" && o.command == "check") o.check.preemptions = static_cast<unsigned>(parse_number(a, value(a), 0, 100));
        else if (a == "--random" && o.command == "check") o.check.random_runs = static_cast<std::uint64_t>(parse_number(a, value(a), 1, 1000000000));
        else if (a == "--seed" && o.command == "check") {
            o.check.seed = static_cast<std::uint64_t>(parse_number(a, value(a), 0, std::numeric_limits<long>::max()));
            o.seed_given = true;
        }
        else throw bad_input("unknown option '" + a.toStdString() + "' for " + o.command.toStdString() +
                             " (accepted: " + accepted_options(o.command) + ")");
    }
    if (o.command == "compare" && o.variants.isEmpty())
        throw bad_input("compare needs the two variants to compare: --variants A,B (e.g. L1,final)");
    if (o.command == "compare" && o.json)
        throw bad_input("compare prints text only (accepted: " + accepted_options(o.command) + ")");
    if (o.check.preemptions && o.check.random_runs)
        throw bad_input("--preemptions and --random are two different searches: give one of them");
    if (o.seed_given && !o.check.random_runs)
        throw bad_input("--seed only applies to random runs: add --random N");
    return o;
}

QString q(const std::string& s) { return QString::fromStdString(s); }

// The run written out (JSON, event lines) is shared with the desktop app's Export menu.
using report::config_json;
using report::verdicts_json;

void print_verdicts(QTextStream& out, const std::vector<verdict>& vs) {
    if (vs.empty()) {
        out << "verdict: no violation\n";
        return;
    }
    for (const auto& v : vs) out << "verdict: " << q(v.invariant) << " at step " << v.step << ": " << q(v.message) << "\n";
}

// ---- commands -----------------------------------------------------------------------------

int list(const options& o, QTextStream& out) {
    auto threads_of_scenario = [](const scenario_info& s) {
        run_config cfg;
        cfg.scenario = s.name;
        return threads_of(cfg);
    };
    // The variants a scenario takes, when that is not every variant of its family.
    auto own_variants = [](const scenario_info& s) {
        QStringList names;
        const auto takes = variants_for(s.name);
        qsizetype in_family = 0;
        for (const auto& v : variants()) in_family += v.family == s.family ? 1 : 0;
        if (static_cast<qsizetype>(takes.size()) == in_family) return names;
        for (const variant_info* v : takes) names << q(v->name);
        return names;
    };
    if (o.json) {
        QJsonArray fams;
        for (const auto& f : families()) {
            QJsonArray sc, va, sw;
            for (const auto& s : scenarios()) {
                if (s.family != f.name) continue;
                QJsonArray threads, takes;
                for (const auto& t : threads_of_scenario(s))
                    threads.append(QJsonObject{{"name", q(t.name)}, {"role", q(t.role)}});
                for (const variant_info* v : variants_for(s.name)) takes.append(q(v->name));
                sc.append(QJsonObject{{"name", q(s.name)}, {"title", q(s.title)}, {"summary", q(s.summary)},
                                      {"threads", threads}, {"scaled", s.default_scaled},
                                      {"default_variant", q(s.default_variant)},
                                      {"memory", to_string(s.default_memory)},
                                      {"lesson_variant", q(s.lesson_variant)}, {"variants", takes}});
            }
            for (const auto& v : variants()) {
                if (v.family != f.name) continue;
                QJsonObject preset;
                for (const auto& [name, on] : v.preset) preset[q(name)] = on;
                va.append(QJsonObject{{"name", q(v.name)}, {"algorithm", q(v.algorithm)}, {"summary", q(v.summary)},
                                      {"broken", v.broken}, {"switches", preset}});
            }
            for (const auto& s : switches())
                if (s.family == f.name) sw.append(QJsonObject{{"name", q(s.name)}, {"summary", q(s.summary)}});
            fams.append(QJsonObject{{"name", q(f.name)}, {"title", q(f.title)}, {"summary", q(f.summary)},
                                    {"scenarios", sc}, {"variants", va}, {"switches", sw}});
        }
        out << QJsonDocument(QJsonObject{{"families", fams}}).toJson();
        return exit_ok;
    }
    for (const auto& f : families()) {
        out << q(f.title) << " (family " << q(f.name) << "): " << q(f.summary) << "\n";
        out << "  scenarios:\n";
        for (const auto& s : scenarios()) {
            if (s.family != f.name) continue;
            QStringList threads;
            for (const auto& t : threads_of_scenario(s)) threads << q(t.name) + " (" + q(t.role) + ")";
            const QStringList takes = own_variants(s);
            out << "    " << q(s.name) << ": " << q(s.title) << "\n        threads: " << threads.join(", ")
                << (s.default_scaled ? "; scaled counter" : "") << "; default variant " << q(s.default_variant)
                << (takes.isEmpty() ? QString() : "; variants " + takes.join(", "))
                << (s.default_memory == memory_model::lkmm ? "; the kernel's memory model (--memory lkmm)" : "")
                << "\n";
        }
        out << "  variants:\n";
        for (const auto& v : variants())
            if (v.family == f.name) out << "    " << q(v.name) << ": " << q(v.summary) << "\n";
        bool any_switch = false;
        for (const auto& s : switches()) {
            if (s.family != f.name) continue;
            if (!any_switch) out << "  switches (--switch NAME=on|off):\n";
            any_switch = true;
            out << "    " << q(s.name) << ": " << q(s.summary) << "\n";
        }
        out << "\n";
    }
    return exit_ok;
}

int run_command(const options& o, QTextStream& out) {
    engine e(o.cfg);
    std::vector<choice> schedule;
    if (o.schedule) schedule = parse_schedule(o.schedule->toStdString(), e);
    std::optional<std::string> schedule_problem;
    try {
        play_schedule(e, schedule);
    } catch (const schedule_error& err) {
        // Name the choices that would have been accepted at that step.
        QStringList can;
        for (thread_id t : e.runnable()) can << q(e.thread_name(t));
        throw bad_input(std::string(err.what()) + " (" +
                        (can.isEmpty() ? QStringLiteral("no thread can run now")
                                       : "threads that can run now: " + can.join(", ")).toStdString() + ")");
    }
    if (!o.stop) run_round_robin(e, o.cfg.step_budget);
    const int status = e.verdicts().empty() ? exit_ok : exit_violation;
    out << (o.json ? QString::fromUtf8(QJsonDocument(report::run_json(e)).toJson()) : report::run_text(e));
    return status;
}

// Progress on stderr while a search runs, for searches over a second: on a terminal one line
// rewritten in place a few times a second; otherwise (a log, CI) a plain line every 5 s, so a
// log stays short and a search that ends within 5 s writes nothing there.
class progress_printer {
public:
    progress_printer(QTextStream& err, bool tty) : err_(err), tty_(tty), start_(clock::now()) {}

    // May be called from any of the search's threads.
    bool operator()(const check_progress& p) {
        const std::lock_guard lock(mutex_);
        const double seconds = std::chrono::duration<double>(clock::now() - start_).count();
        if (seconds < (tty_ ? 1.0 : 5.0) || seconds < next_) return true;
        next_ = seconds + (tty_ ? 0.25 : 5.0);
        QString line = QStringLiteral("searching: %1 s, %2 states (%3/s), %4 transitions, depth %5")
                           .arg(QString::number(seconds, 'f', 0))
                           .arg(p.states)
                           .arg(qRound64(p.states / seconds))
                           .arg(p.transitions)
                           .arg(p.depth);
        if (p.memory_bytes) line += QStringLiteral(", %1 MiB").arg(QString::number(p.memory_bytes / 1048576.0, 'f', 0));
        // On a terminal the line is drawn over the last one, whose tail is erased (EL).
        err_ << (tty_ ? QStringLiteral("\r") + line + QStringLiteral("\033[K") : line + QStringLiteral("\n"));
        err_.flush();
        drawn_ = true;
        return true;
    }

    // Leaves the terminal's line empty for the summary (stdout may share the terminal).
    void done() {
        const std::lock_guard lock(mutex_);
        if (tty_ && drawn_) {
            err_ << "\r\033[K";
            err_.flush();
        }
    }

private:
    using clock = std::chrono::steady_clock;
    QTextStream& err_;
    const bool tty_;
    const clock::time_point start_;
    double next_ = 0;
    bool drawn_ = false;
    std::mutex mutex_;
};

QString preemptions_text(unsigned n) { return QString::number(n) + (n == 1 ? " preemption" : " preemptions"); }

QString mib(std::uint64_t bytes) { return QString::number(static_cast<double>(bytes) / 1048576.0, 'f', 1) + " MiB"; }

int check_command(const options& o, QTextStream& out, QTextStream& err, bool err_is_tty) {
    resolve_switches(o.cfg);  // report bad names before a long search
    progress_printer progress(err, err_is_tty);
    check_options how = o.check;
    how.progress = [&progress](const check_progress& p) { return progress(p); };
    const check_result r = check(o.cfg, how);
    progress.done();
    engine names(o.cfg);
    const bool bounded = o.check.preemptions.has_value();
    const bool random = o.check.random_runs > 0;
    // Without a violation, "none" is only a result when every interleaving was explored; a
    // search cut short, or bounded or random and not shown to have covered everything, proves
    // nothing and must not look like a clean one to a script.
    const int status = r.violation ? exit_violation : r.complete ? exit_ok : exit_incomplete;
    // Why it is incomplete, the first reason that applies.
    const bool state_limit = !r.cancelled && r.hit_state_limit;
    const QString stopped_at = r.cancelled     ? QStringLiteral("cancel")
                               : state_limit    ? QStringLiteral("max_states")
                               : r.hit_step_bound || (!bounded && !random) ? QStringLiteral("max_steps")
                               : bounded        ? QStringLiteral("preemptions")
                                                : QStringLiteral("random_runs");
    // The violation's own figures in the bounded and random modes.
    const std::optional<unsigned> found_preemptions =
        r.violation && bounded ? std::optional(preemptions_in(o.cfg, *r.violation)) : std::nullopt;
    const std::uint64_t found_seed = o.check.seed + (r.executions ? r.executions - 1 : 0);

    if (o.json) {
        QJsonObject doc = config_json(o.cfg);
        doc["mode"] = q(r.mode);
        if (bounded) doc["preemptions"] = static_cast<qint64>(*o.check.preemptions);
        if (random) {
            doc["random_runs"] = static_cast<qint64>(o.check.random_runs);
            doc["seed"] = QString::number(o.check.seed);  // a string: JSON numbers stop at 2^53
        }
        doc["states"] = static_cast<qint64>(r.states);
        if (r.shortest_states) doc["shortest_states"] = static_cast<qint64>(r.shortest_states);
        doc["executions"] = static_cast<qint64>(r.executions);
        doc["transitions"] = static_cast<qint64>(r.transitions);
        doc["pruned"] = static_cast<qint64>(r.pruned);
        doc["merged"] = static_cast<qint64>(r.merged);
        doc["rewinds"] = static_cast<qint64>(r.rewinds);
        doc["max_depth"] = static_cast<qint64>(r.max_depth);
        doc["symmetry"] = r.symmetry;
        doc["por"] = r.por;
        doc["jobs"] = static_cast<qint64>(r.jobs);
        doc["seconds"] = r.seconds;
        doc["peak_memory_bytes"] = static_cast<qint64>(r.peak_memory_bytes);
        doc["complete"] = r.complete;
        if (!r.complete && !r.violation) doc["stopped_at"] = stopped_at;
        if (r.violation) {
            doc["schedule"] = q(format_schedule(*r.violation, names));
            doc["steps"] = static_cast<qint64>(r.violation->size());
            if (found_preemptions) doc["schedule_preemptions"] = static_cast<qint64>(*found_preemptions);
            if (random) {
                doc["run"] = static_cast<qint64>(r.executions);  // counted from 1
                doc["run_seed"] = QString::number(found_seed);
            }
        }
        doc["verdicts"] = verdicts_json(r.verdicts, names);
        doc["status"] = status;
        out << QJsonDocument(doc).toJson();
        return status;
    }
    out << "check " << q(o.cfg.scenario) << " --variant " << q(with_defaults(o.cfg).variant) << ": explored " << r.states
        << " states";
    // The violation's search is two: depth first until one is found, then breadth first for
    // the shortest schedule, up to its length.
    if (r.shortest_states) out << ", then " << r.shortest_states << " breadth first for the shortest schedule,";
    out << " in " << r.executions << (r.executions == 1 ? " execution" : " executions");
    if (r.rewinds) out << " and " << r.rewinds << (r.rewinds == 1 ? " rewind" : " rewinds");
    out << " (" << QString::number(r.seconds, 'f', 2) << " s)\n";
    // What was covered, and how: the reductions the search used, not the ones asked for (a
    // scenario without interchangeable threads has no symmetry to use).
    QString covered;
    if (bounded && r.violation)
        covered = ": the schedules with at most " + preemptions_text(*o.check.preemptions) + ", fewest first";
    else if (bounded && r.complete)
        covered = QStringLiteral(": the bound left no schedule out, so this was every interleaving");
    else if (bounded)
        covered = ": only the schedules with at most " + preemptions_text(*o.check.preemptions);
    else if (random)
        covered = QStringLiteral(": %1 of %2 runs made").arg(r.executions).arg(o.check.random_runs);
    out << "mode: " << q(r.mode) << covered << "; symmetry " << (r.symmetry ? "on" : "off") << ", partial-order reduction "
        << (r.por ? "on" : "off") << ", " << r.jobs << (r.jobs == 1 ? " job" : " jobs") << "\n";
    out << "states " << r.states << ", transitions " << r.transitions << ", pruned " << r.pruned << ", merged "
        << r.merged << ", max depth "
        << r.max_depth << ", " << QString::number(r.seconds, 'f', 2) << " s, peak memory "
        << (r.peak_memory_bytes ? mib(r.peak_memory_bytes) : QStringLiteral("unknown")) << "\n";
    if (r.violation) {
        print_verdicts(out, r.verdicts);
        const QString schedule = q(format_schedule(*r.violation, names));
        if (found_preemptions)
            out << "shortest schedule with " << preemptions_text(*found_preemptions) << " (" << r.violation->size()
                << " steps): " << schedule << "\n";
        else if (random)
            out << "schedule of run " << r.executions << " (" << r.violation->size() << " steps; --random 1 --seed "
                << found_seed << " replays it): " << schedule << "\n";
        else
            out << "shortest schedule (" << r.violation->size() << " steps): " << schedule << "\n";
        return status;
    }
    if (r.complete) {
        out << "no violation\n";
        return status;
    }
    const QString why =
        r.cancelled   ? QStringLiteral("the search was cancelled")
        : state_limit ? "the search was stopped at --max-states " + QString::number(o.check.max_states)
        : r.hit_step_bound || (!bounded && !random) ? "the search was cut at --max-steps " + QString::number(o.check.max_steps)
        : bounded ? "the search only tried the schedules with at most " + preemptions_text(*o.check.preemptions)
                  : QStringLiteral("the search only tried %1 random schedules").arg(r.executions);
    out << "no violation found, but " << why << " (not every interleaving was explored)\n";
    return status;
}

// Two variants on one schedule: exit 0 when they do the same at every step, 1 when they differ.
int compare_command(const options& o, QTextStream& out) {
    run_config left = o.cfg, right = o.cfg;
    left.variant = o.variants[0].toStdString();
    right.variant = o.variants[1].toStdString();
    compare_options how;
    how.run_to_end = !o.stop;
    how.align = o.align;
    const comparison c = compare(left, right, o.schedule.value_or(QString()).toStdString(), how);
    out << q(comparison_text(c));
    return c.first_difference ? exit_violation : exit_ok;
}

int lint_command(const options& o, QTextStream& out, QTextStream& err) {
    int bad = 0;
    for (const QString& file : o.files) {
        const lint_report r = lint_file(file.toStdString());
        for (const auto& e : r.errors) err << q(e.what()) << "\n";
        for (const auto& w : r.warnings) err << q(w.file) << ":" << w.at.line << ":" << w.at.column << ": warning: " << q(w.message) << "\n";
        if (r.errors.empty())
            out << file << ": ok" << (r.warnings.empty() ? "" : " (with warnings)") << "\n";
        else
            ++bad;
    }
    return bad ? exit_bad_input : exit_ok;
}

int play_command(const options& o, QTextStream& out, QTextStream& err) {
    lesson l;
    try {
        l = load_lesson(o.files.first().toStdString());
    } catch (const lesson_error& e) {
        err << q(e.what()) << "\n";
        return exit_bad_input;
    }
    const play_report r = play_lesson(l);
    if (o.json) {
        QJsonArray transcript, failures;
        for (const auto& line : r.transcript) transcript.append(q(line));
        for (const auto& f : r.failures) failures.append(q(f));
        out << QJsonDocument(QJsonObject{{"lesson", q(l.id)}, {"title", q(l.title)}, {"transcript", transcript},
                                         {"failures", failures}}).toJson();
    } else {
        for (const auto& line : r.transcript) out << q(line) << "\n";
        out << (r.failures.empty() ? "every checkpoint holds\n" : "");
    }
    for (const auto& f : r.failures) err << q(f) << "\n";
    return r.failures.empty() ? exit_ok : exit_violation;
}

// Each test as herd7 reports it, then a schedule for each final state. Exit 0 when every verdict
// agrees with its file's Result line, 1 when one does not, 3 when a test is out of the model's
// scope (and none disagrees), 2 for a file that cannot be read.
int litmus_command(const options& o, QTextStream& out, QTextStream& err) {
    int status = exit_ok;
    bool disagrees = false, unreadable = false;
    for (const QString& file : o.files) {
        litmus_result r;
        try {
            r = run_litmus(file.toStdString());
        } catch (const config_error& e) {
            err << "lockstep-cli: " << e.what() << "\n";
            unreadable = true;
            continue;
        }
        out << q(herd_report(r));
        if (!r.out_of_scope.empty()) {
            status = exit_incomplete;
            continue;
        }
        out << "Schedules (lockstep-cli run litmus --source " << file << " --schedule \"...\"):\n";
        for (const litmus_outcome& oc : r.outcomes) out << "  " << q(oc.state) << "  <-  " << q(oc.schedule) << "\n";
        out << "Explored " << r.search.states << " states, " << r.search.transitions << " steps, in "
            << QString::number(r.search.seconds, 'f', 2) << " s\n";
        if (!r.agrees()) {
            out << "Disagrees with the file's Result: " << q(r.expected) << "\n";
            disagrees = true;
        }
        out << "\n";
    }
    if (unreadable) return exit_bad_input;
    return disagrees ? exit_violation : status;
}

}  // namespace

int run(const QStringList& args, QTextStream& out, QTextStream& err, bool err_is_tty) {
    if (args.size() >= 2 && (args[1] == "--help" || args[1] == "-h" || args[1] == "help")) {
        out << usage_text;
        return exit_ok;
    }
    try {
        const options o = parse(args);
        if (o.command == "list") return list(o, out);
        if (o.command == "run") return run_command(o, out);
        if (o.command == "lint") return lint_command(o, out, err);
        if (o.command == "play") return play_command(o, out, err);
        if (o.command == "litmus") return litmus_command(o, out, err);
        if (o.command == "compare") return compare_command(o, out);
        return check_command(o, out, err, err_is_tty);
    } catch (const bad_input& e) {
        err << "lockstep-cli: " << e.what() << "\n";
    } catch (const config_error& e) {
        err << "lockstep-cli: " << e.what() << "\n";
    } catch (const schedule_error& e) {
        err << "lockstep-cli: " << e.what() << "\n";
    }
    return exit_bad_input;
}

int run(const QStringList& args) {
    QTextStream out(stdout);
    QTextStream err(stderr);
    return run(args, out, err, isatty(STDERR_FILENO) != 0);
}

}  // namespace lockstep::cli
