#include <lockstep/compare.hpp>

#include <lockstep/kernel_sources.hpp>
#include <lockstep/schedule.hpp>

#include <algorithm>
#include <cstring>

namespace lockstep {

namespace {

// "vma.vm_refcnt", "" for an event that touched no field. Compared by name, not by cell: two
// variants may lay their memory out differently (the rw_semaphore lock has no vm_refcnt).
std::string field_name(const engine& e, std::int32_t cell) {
    const field_ref at = field_at(*e.shape(), cell);
    return at ? at.object->name + "." + at.field->name : std::string();
}

// A value as the kernel writes it. Compared as text, since the raw value of a pointer is an
// object's place in its run's layout, which differs between variants with other objects.
std::string value_text(const engine& e, std::int32_t cell, value_t v) {
    const field_ref at = field_at(*e.shape(), cell);
    return at ? format_value(*e.shape(), *at.field, v) : std::string();
}

bool same_text(const char* a, const char* b) { return std::strcmp(a, b) == 0; }

// The same operation at the same place of the algorithm. Not compared: the source line, which
// differs whenever a switch puts the same call in another branch.
bool same_place(const event& a, const event& b) {
    return same_text(a.op, b.op) && same_text(a.function, b.function) && same_text(a.ordering, b.ordering);
}

// The same threads moved between the same states. What they wait for is left out: it names
// values (OFFSET+1 against OFFSET), and a different value is a difference of its own kind.
bool same_states(const std::vector<state_change>& a, const std::vector<state_change>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (a[i].thread != b[i].thread || a[i].from != b[i].from || a[i].to != b[i].to) return false;
    return true;
}

// The invariants a step broke, in order: a verdict's message names values, which may differ
// between the runs without the verdict being another one.
std::vector<std::string> invariants(const std::vector<verdict>& vs) {
    std::vector<std::string> names;
    for (const auto& v : vs) names.push_back(v.invariant);
    return names;
}

unsigned differences_of(const comparison& c, const compare_row& row) {
    const compare_step& a = row.side[0];
    const compare_step& b = row.side[1];
    unsigned d = 0;
    if (a.absent() != b.absent()) {
        d |= differs_missing;
    } else if (a.took != b.took) {
        d |= differs_taken;
    } else if (a.took) {
        const event& x = *a.ev;
        const event& y = *b.ev;
        if (!same_place(x, y))
            d |= differs_op;
        else if (field_name(c.runs[0], x.cell) != field_name(c.runs[1], y.cell) ||
                 value_text(c.runs[0], x.cell, x.old_value) != value_text(c.runs[1], y.cell, y.old_value) ||
                 value_text(c.runs[0], x.cell, x.new_value) != value_text(c.runs[1], y.cell, y.new_value) ||
                 x.failed != y.failed || x.woke != y.woke)
            d |= differs_value;
    }
    if (!same_states(a.states, b.states)) d |= differs_state;
    if (invariants(a.verdicts) != invariants(b.verdicts)) d |= differs_verdict;
    return d;
}

// Steps `t` in `e` if it can run there; `before` is the run's snapshot before the row and
// becomes the one after it.
compare_step advance(engine& e, thread_id t, snapshot& before) {
    compare_step s;
    if (!e.can_run(t)) {
        s.why_not = e.why_not(t);
        s.step = e.step_count();
        return s;
    }
    const std::size_t verdicts_before = e.verdicts().size();
    e.step(t);
    s.took = true;
    s.step = e.step_count();
    s.ev = e.events().back();
    snapshot after = e.take_snapshot();
    for (std::size_t i = 0; i < after.cells.size(); ++i)
        if (after.cells[i] != before.cells[i])
            s.values.push_back({static_cast<std::int32_t>(i), before.cells[i], after.cells[i]});
    for (std::size_t i = 0; i < after.threads.size(); ++i)
        if (after.threads[i].state != before.threads[i].state)
            s.states.push_back({static_cast<thread_id>(i), before.threads[i].state, after.threads[i].state,
                                after.threads[i].waiting_for});
    s.verdicts.assign(e.verdicts().begin() + static_cast<std::ptrdiff_t>(verdicts_before), e.verdicts().end());
    before = std::move(after);
    return s;
}

std::string names_of_threads(const run_config& cfg) {
    std::string names;
    for (const auto& t : threads_of(cfg)) names += (names.empty() ? "" : " ") + t.name;
    return names;
}

// "mm/mmap_lock.c: __vma_enter_locked:123": the kernel file of the function (for the variant's
// algorithm) and the line of the engine's version of it, as `lockstep-cli run` prints events.
std::string where(const event& ev, const engine& e) {
    const variant_info* v = find_variant(e.config().variant);
    const char* file = kernel_file_of(ev.function, v ? v->algorithm : std::string());
    return (file ? std::string(file) + ": " : std::string()) + ev.function + ":" + std::to_string(ev.where.line());
}

// describe_event() pads its parts with two spaces for columns; a sentence wants one.
std::string single_spaced(std::string text) {
    for (std::size_t at; (at = text.find("  ")) != std::string::npos;) text.erase(at, 1);
    return text;
}

// Where a thread stands in its algorithm: the label of its next operation where it has one
// (a label names the point whatever primitive a variant uses there: final's increment is an
// _acquire one), else its function and operation; "finished" once it is done.
struct point {
    bool finished = false;
    std::string function;
    std::string name;
    bool operator==(const point&) const = default;
};

point point_of(const engine& e, const snapshot& s, thread_id t) {
    const thread_view& v = s.threads.at(static_cast<std::size_t>(t));
    if (v.state == thread_state::done || v.state == thread_state::killed) return {true, {}, {}};
    const std::string label = e.next_label(t);
    return {false, v.stack.empty() ? std::string() : v.stack.back(), label.empty() ? e.next_op(t) : label};
}

// Pairs the two runs' steps of one part of the schedule as a diff pairs lines: the same
// operation on the same field in the same function costs nothing, another operation or field
// in the same function 1 (a changed line), a step on one side only 1, and steps of different
// functions are never paired (3, worse than two one-sided steps). Returns index pairs in
// order, -1 for "no step on this side".
std::vector<std::pair<int, int>> pair_steps(const comparison& c, const std::vector<compare_step>& a,
                                            const std::vector<compare_step>& b) {
    const std::size_t n = a.size(), m = b.size();
    std::vector<std::pair<int, int>> pairs;
    // A part too long to diff (rounds of a long run) is paired in order.
    if (n * m > 4'000'000) {
        for (std::size_t i = 0; i < std::max(n, m); ++i)
            pairs.emplace_back(i < n ? static_cast<int>(i) : -1, i < m ? static_cast<int>(i) : -1);
        return pairs;
    }
    std::vector<std::string> fields[2];
    for (const auto& s : a) fields[0].push_back(field_name(c.runs[0], s.ev->cell));
    for (const auto& s : b) fields[1].push_back(field_name(c.runs[1], s.ev->cell));
    auto cost = [&](std::size_t i, std::size_t j) {
        const event& x = *a[i].ev;
        const event& y = *b[j].ev;
        if (!same_text(x.function, y.function)) return 3;
        return same_text(x.op, y.op) && fields[0][i] == fields[1][j] ? 0 : 1;
    };
    // d[i][j]: the cheapest pairing of a's last n-i steps with b's last m-j, so the pairs can be
    // read off from the start.
    std::vector<std::vector<int>> d(n + 1, std::vector<int>(m + 1, 0));
    for (std::size_t i = n + 1; i-- > 0;)
        for (std::size_t j = m + 1; j-- > 0;) {
            if (i == n || j == m) {
                d[i][j] = static_cast<int>((n - i) + (m - j));
                continue;
            }
            d[i][j] = std::min({cost(i, j) + d[i + 1][j + 1], 1 + d[i + 1][j], 1 + d[i][j + 1]});
        }
    std::size_t i = 0, j = 0;
    while (i < n || j < m) {
        if (i < n && j < m && d[i][j] == cost(i, j) + d[i + 1][j + 1]) {
            pairs.emplace_back(static_cast<int>(i++), static_cast<int>(j++));
        } else if (i < n && (j == m || d[i][j] == 1 + d[i + 1][j])) {
            pairs.emplace_back(static_cast<int>(i++), -1);
        } else {
            pairs.emplace_back(-1, static_cast<int>(j++));
        }
    }
    return pairs;
}

}  // namespace

comparison compare(const run_config& left, const run_config& right, const std::string& schedule,
                   const compare_options& options) {
    const run_config a = with_defaults(left);
    const run_config b = with_defaults(right);
    if (a.scenario != b.scenario)
        throw config_error("both runs must play the same scenario, not " + a.scenario + " and " + b.scenario);
    if (names_of_threads(a) != names_of_threads(b))
        throw config_error("both runs must have the same threads, not " + names_of_threads(a) + " and " +
                           names_of_threads(b));

    comparison c;
    c.runs.emplace_back(a);
    c.runs.emplace_back(b);
    const std::vector<choice> choices = parse_schedule(schedule, c.runs[0]);
    if (choices.empty() && !options.run_to_end)
        throw schedule_error("the schedule is empty: name the threads to step, e.g. \"" +
                             c.runs[0].thread_name(0) + "*3 " +
                             c.runs[0].thread_name(static_cast<thread_id>(c.runs[0].thread_count() - 1)) + "\"");
    c.align = options.align;
    c.names = {a.variant, b.variant};
    if (c.names[0] == c.names[1]) {
        c.names[0] += " (left)";
        c.names[1] += " (right)";
    }

    std::array<snapshot, 2> before{c.runs[0].take_snapshot(), c.runs[1].take_snapshot()};
    auto add_row = [&](compare_row row) {
        row.differences = differences_of(c, row);
        c.rows.push_back(std::move(row));
    };
    // One row, the same thread in both runs: the literal schedule, and the round-robin tail.
    auto step_row = [&](thread_id t, bool scheduled, std::size_t part) {
        compare_row row;
        row.thread = t;
        row.scheduled = scheduled;
        row.part = part;
        for (int i = 0; i < 2; ++i) row.side[i] = advance(c.runs[i], t, before[i]);
        add_row(std::move(row));
    };

    // A part of the schedule lined up by program point (compare_align::point).
    auto follow_part = [&](thread_id t, std::size_t n, std::size_t part) {
        engine& lead = c.runs[0];
        engine& follower = c.runs[1];
        // The left run plays the part as written.
        std::vector<compare_step> steps[2];
        std::string stuck[2];
        std::vector<point> passed{point_of(lead, before[0], t)};
        while (steps[0].size() < n) {
            if (!lead.can_run(t)) {
                stuck[0] = lead.why_not(t);
                break;
            }
            steps[0].push_back(advance(lead, t, before[0]));
            passed.push_back(point_of(lead, before[0], t));
        }
        // The right run's thread goes to the same point, passing it as often as the left's did
        // on the way (a loop), or until it cannot run. If it is not there after many more steps
        // than the left took, the code paths are too far apart to follow: it takes the
        // schedule's own count instead.
        const std::uint64_t start = follower.step_count();
        if (!steps[0].empty()) {
            const point target = passed.back();
            const auto seen = static_cast<std::size_t>(std::count(passed.begin(), passed.end() - 1, target));
            const std::size_t cap = 2 * n + 64;
            std::size_t passes = 0;
            bool reached = false;
            for (point here = point_of(follower, before[1], t);; here = point_of(follower, before[1], t)) {
                if (here == target && passes++ == seen) {
                    reached = true;
                    break;
                }
                if (!follower.can_run(t)) {
                    stuck[1] = follower.why_not(t);
                    break;
                }
                if (steps[1].size() == cap) break;
                steps[1].push_back(advance(follower, t, before[1]));
            }
            // Stopped short because it blocked or sleeps: that is where this variant waits. It
            // finished or ran on without passing the point: the code paths differ too much.
            const bool finished = before[1].threads[static_cast<std::size_t>(t)].state == thread_state::done ||
                                  before[1].threads[static_cast<std::size_t>(t)].state == thread_state::killed;
            if (!reached && (stuck[1].empty() || finished)) {
                if (steps[1].size() > n) stuck[1].clear();
                steps[1].resize(std::min(n, steps[1].size()));
                follower.go_to(start + steps[1].size());
                before[1] = follower.take_snapshot();
            }
        } else {
            // The left's thread could not move at all: there is no point to follow, so the
            // right run takes the part as written, as far as its thread can.
            while (steps[1].size() < n) {
                if (!follower.can_run(t)) {
                    stuck[1] = follower.why_not(t);
                    break;
                }
                steps[1].push_back(advance(follower, t, before[1]));
            }
        }

        // Rows in diff order. A side with no step in a row has none because its thread could
        // not run, if the row comes after that side's last step of the part and the thread
        // stopped there; otherwise because the other variant has a step here that it has not.
        const std::vector<std::pair<int, int>> pairs = pair_steps(c, steps[0], steps[1]);
        std::uint64_t at[2] = {c.runs[0].step_count() - steps[0].size(), start};
        int remaining[2] = {static_cast<int>(steps[0].size()), static_cast<int>(steps[1].size())};
        auto gap = [&](int side) {
            compare_step s;
            if (remaining[side] == 0) s.why_not = stuck[side];
            s.step = at[side];
            return s;
        };
        for (const auto& [i, j] : pairs) {
            compare_row row;
            row.thread = t;
            row.part = part;
            const int index[2] = {i, j};
            for (int side = 0; side < 2; ++side) {
                if (index[side] < 0) {
                    row.side[side] = gap(side);
                    continue;
                }
                row.side[side] = std::move(steps[side][static_cast<std::size_t>(index[side])]);
                at[side] = row.side[side].step;
                --remaining[side];
            }
            add_row(std::move(row));
        }
        // A part neither run could take still gets its row, saying why.
        if (pairs.empty()) {
            compare_row row;
            row.thread = t;
            row.part = part;
            for (int side = 0; side < 2; ++side) row.side[side] = gap(side);
            add_row(std::move(row));
        }
    };

    // The schedule in parts, each a run of one thread ("W*17").
    std::size_t part = 0;
    for (std::size_t i = 0; i < choices.size() && !c.truncated; ++part) {
        const thread_id t = choices[i].thread;
        std::size_t n = 0;
        while (i + n < choices.size() && choices[i + n].thread == t) ++n;
        i += n;
        const std::size_t room = options.max_rows > c.rows.size() ? options.max_rows - c.rows.size() : 0;
        if (n > room) {
            n = room;
            c.truncated = true;
        }
        if (n == 0) break;
        if (options.align == compare_align::step) {
            for (std::size_t k = 0; k < n; ++k) step_row(t, true, part);
        } else {
            follow_part(t, n, part);
        }
    }
    if (c.rows.size() > options.max_rows) {  // a followed part can take more steps than it named
        c.rows.resize(options.max_rows);
        c.truncated = true;
    }
    c.scheduled = c.rows.size();
    c.schedule = format_schedule(choices, c.runs[0]);
    for (int side = 0; side < 2; ++side) c.taken[side] = format_schedule(c.runs[side].choices(), c.runs[side]);

    // Round-robin from thread 0, as `lockstep-cli run` goes on after its schedule: the next
    // thread that can run in either run. A thread one run cannot take is skipped there, as in
    // the schedule.
    if (options.run_to_end && !c.truncated) {
        const auto n = static_cast<thread_id>(c.runs[0].thread_count());
        thread_id next = 0;
        while (!c.runs[0].finished() || !c.runs[1].finished()) {
            if (c.rows.size() >= options.max_rows) {
                c.truncated = true;
                break;
            }
            for (thread_id tries = 0; tries < n; ++tries, next = (next + 1) % n)
                if (c.runs[0].can_run(next) || c.runs[1].can_run(next)) break;
            step_row(next, false, part++);
            next = (next + 1) % n;
        }
    }

    for (int side = 0; side < 2; ++side) c.finished[side] = c.runs[side].finished();
    for (std::size_t r = 0; r < c.rows.size(); ++r) {
        const unsigned d = c.rows[r].differences;
        if (d && !c.first_difference) c.first_difference = r;
        if ((d & (differs_state | differs_taken)) && !c.first_state_difference) c.first_state_difference = r;
        if ((d & differs_verdict) && !c.first_verdict_difference) c.first_verdict_difference = r;
    }
    return c;
}

step_words describe_step_parts(const comparison& c, std::size_t row_index, int side) {
    const compare_row& row = c.rows.at(row_index);
    const compare_step& s = row.side.at(static_cast<std::size_t>(side));
    const engine& e = c.runs.at(static_cast<std::size_t>(side));
    step_words words;
    if (s.absent()) {
        words.action = "no such step";
    } else if (!s.took) {
        words.action = "cannot run: " + s.why_not;
    } else {
        words.action = single_spaced(describe_event(*s.ev, *e.shape()));
        words.where = where(*s.ev, e);
    }
    for (const auto& st : s.states)
        words.moves.push_back(e.thread_name(st.thread) + " " + to_string(st.from) + " -> " + to_string(st.to) +
                                (st.waiting_for.empty() ? std::string() : " (" + st.waiting_for + ")"));
    for (const auto& v : s.verdicts) words.verdicts.push_back(v.invariant + ": " + v.message);
    return words;
}

std::string describe_step(const comparison& c, std::size_t row, int side) {
    const step_words words = describe_step_parts(c, row, side);
    if (c.rows.at(row).side.at(static_cast<std::size_t>(side)).absent()) return words.action;
    std::string text = c.runs.at(static_cast<std::size_t>(side)).thread_name(c.rows[row].thread) + " " + words.action;
    if (!words.where.empty()) text += " (" + words.where + ")";
    for (const auto& move : words.moves) text += "; " + move;
    for (const auto& v : words.verdicts) text += "; " + v;
    return text;
}

std::string describe_difference(const comparison& c, std::size_t row) {
    if (!c.rows.at(row).differences) return {};
    return "step " + std::to_string(row + 1) + ": under " + c.names[0] + ", " + describe_step(c, row, 0) +
           "; under " + c.names[1] + ", " + describe_step(c, row, 1);
}

std::string difference_kinds(unsigned d) {
    std::string text;
    auto add = [&](unsigned bit, const char* words) {
        if (d & bit) text += (text.empty() ? "" : ", ") + std::string(words);
    };
    add(differs_taken, "one run could not take the step");
    add(differs_op, "a different operation");
    add(differs_value, "other values");
    add(differs_state, "other thread states");
    add(differs_verdict, "a different verdict");
    add(differs_missing, "a step only one run has");
    return text;
}

std::string comparison_text(const comparison& c) {
    const engine& left = c.runs[0];
    std::string out = "compare " + left.config().scenario + ": " + c.names[0] + " against " + c.names[1] +
                      " (threads " + names_of_threads(left.config()) + ")\n";
    out += "schedule: " + c.schedule + " (" + std::to_string(c.scheduled) + " steps";
    if (c.rows.size() > c.scheduled)
        out += ", then " + std::to_string(c.rows.size() - c.scheduled) + " round-robin";
    out += ")\n";
    if (c.align == compare_align::point)
        out += c.names[0] + " plays it as written; " + c.names[1] + " follows to the same points: " + c.taken[1] + "\n";

    // Columns: the mark, the step, the thread; a row that differs gets a line per run.
    std::size_t width = 0;
    for (const auto& name : c.names) width = std::max(width, name.size() + 1);
    std::size_t differing = 0;
    for (std::size_t r = 0; r < c.rows.size(); ++r) {
        const compare_row& row = c.rows[r];
        std::string number = std::to_string(r + 1);
        number.insert(0, number.size() < 5 ? 5 - number.size() : 0, ' ');
        if (!row.differences) {
            out += "  " + number + "  " + describe_step(c, r, 0) + "\n";
            continue;
        }
        ++differing;
        for (int side = 0; side < 2; ++side) {
            std::string label = c.names[static_cast<std::size_t>(side)] + ":";
            label.resize(width, ' ');
            out += (side == 0 ? "* " + number : std::string(7, ' ')) + "  " + label + " " + describe_step(c, r, side) + "\n";
        }
    }
    if (c.truncated) out += "(stopped after " + std::to_string(c.rows.size()) + " steps)\n";

    if (!c.first_difference) {
        out += "no difference: both runs did the same at every step\n";
    } else {
        out += std::to_string(differing) + " of " + std::to_string(c.rows.size()) + " steps differ\n";
        auto turning = [&](const char* what, std::size_t row) {
            out += std::string(what) + " (" + difference_kinds(c.rows[row].differences) + "): " +
                   describe_difference(c, row) + "\n";
        };
        turning("first difference", *c.first_difference);
        if (c.first_state_difference && c.first_state_difference != c.first_difference)
            turning("first difference in thread states", *c.first_state_difference);
        if (c.first_verdict_difference && c.first_verdict_difference != c.first_difference &&
            c.first_verdict_difference != c.first_state_difference)
            turning("first difference in verdicts", *c.first_verdict_difference);
    }
    // Each run's verdicts, at the step of the comparison where they were found.
    for (int side = 0; side < 2; ++side) {
        bool any = false;
        for (std::size_t r = 0; r < c.rows.size(); ++r)
            for (const auto& v : c.rows[r].side[static_cast<std::size_t>(side)].verdicts) {
                out += c.names[static_cast<std::size_t>(side)] + ": " + v.invariant + " at step " +
                       std::to_string(r + 1) + ": " + v.message + "\n";
                any = true;
            }
        if (!any) out += c.names[static_cast<std::size_t>(side)] + ": no violation\n";
    }
    return out;
}

}  // namespace lockstep
