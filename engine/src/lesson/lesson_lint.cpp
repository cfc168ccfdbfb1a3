// Linting a lesson beyond its format: the script is played as `play` plays it, and each
// challenge's goal is searched for. Every problem keeps the place it was written at, so a
// teacher goes straight from the message to the line.
#include <lockstep/engine.hpp>
#include <lockstep/explorer.hpp>
#include <lockstep/lesson.hpp>

#include <charconv>
#include <optional>
#include <string_view>

namespace lockstep {

namespace {

// Plays the script on a fresh engine. A step that cannot be performed ends the play: the steps
// after it would run from a state the author did not mean, and their errors would mislead.
void lint_script(const lesson& l, std::vector<lesson_error>& errors) {
    engine e(l.config);
    for (const lesson_step& step : l.script) {
        try {
            perform(l, step, e);
        } catch (const lesson_error& err) {
            errors.push_back(err);
            return;
        }
        if (step.expect.empty()) continue;
        const snapshot s = e.take_snapshot();
        for (const checkpoint& c : step.expect)
            if (const std::string problem = check_checkpoint(c, s); !problem.empty())
                errors.emplace_back(l.file, c.at, "checkpoint " + problem);
    }
}

std::string goal_words(const goal& g) {
    switch (g.what) {
    case goal::kind::verdict: return "the verdict " + g.invariant;
    case goal::kind::state: return "'" + g.thread + " " + g.state + "'";
    case goal::kind::condition: return "'" + g.cond.text + "'";
    }
    return g.text;
}

// What the goal depends on, for the search's guided pass: the field's value or the thread's
// state. A verdict has no such value (it comes from a whole interleaving), so its search goes
// straight to the exhaustive pass.
std::function<std::uint64_t(const engine&)> watch_of(const goal& g, const run_config& cfg) {
    switch (g.what) {
    case goal::kind::verdict: return nullptr;
    case goal::kind::state: {
        const thread_id t = engine(cfg).thread_by_name(g.thread);
        return [t](const engine& e) {
            return static_cast<std::uint64_t>(e.take_snapshot().threads[static_cast<std::size_t>(t)].state);
        };
    }
    case goal::kind::condition: {
        const field_info* f = find_field(*engine(cfg).shape(), g.cond.object, g.cond.field);
        if (!f) return nullptr;
        const std::uint32_t cell = f->cell;
        return [cell](const engine& e) { return static_cast<std::uint64_t>(e.take_snapshot().cells[cell]); };
    }
    }
    return nullptr;
}

// A condition's value as a number, when it is one: "7", or "OFFSET", "OFFSET+7", "OFFSET-1"
// for the refcount word. Names (NULL, W, live) give nothing: their fields have no "nearer".
std::optional<value_t> number_of(const std::string& text, const field_info& field) {
    value_t base = 0;
    std::string_view rest = text;
    if (rest.starts_with("OFFSET") && field.kind == field_kind::refcnt_word) {
        base = field.offset;
        rest.remove_prefix(6);
        if (rest.empty()) return base;
    }
    const bool minus = !rest.empty() && rest.front() == '-' && base != 0;
    if (base != 0) {
        if (rest.front() != '+' && rest.front() != '-') return std::nullopt;
        rest.remove_prefix(1);
    }
    value_t n = 0;
    const auto [end, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), n);
    if (ec != std::errc() || end != rest.data() + rest.size()) return std::nullopt;
    return minus ? base - n : base + n;
}

// How far a numeric field is from the goal's value, for the search to try nearer states first.
// The refcount word counts its writer bit as one step and each reader as one: in raw numbers
// the bit alone (0x40000000) would outweigh every reader.
std::function<std::uint64_t(const engine&)> distance_of(const goal& g, const run_config& cfg) {
    if (g.what != goal::kind::condition || !g.cond.equal) return nullptr;
    const engine names(cfg);
    const layout& shape = *names.shape();
    const field_info* f = find_field(shape, g.cond.object, g.cond.field);
    if (!f) return nullptr;
    const std::optional<value_t> target = number_of(g.cond.value, *f);
    if (!target) return nullptr;
    const std::uint32_t cell = f->cell;
    const value_t want = *target;
    auto apart = [](value_t a, value_t b) { return static_cast<std::uint64_t>(a > b ? a - b : b - a); };
    if (f->kind == field_kind::refcnt_word) {
        const value_t offset = f->offset;
        const refcnt_parts goal_parts = decode_refcnt(want, offset);
        return [=](const engine& e) {
            const refcnt_parts now = decode_refcnt(e.take_snapshot().cells[cell], offset);
            return (now.writer != goal_parts.writer ? 1 : 0) + apart(now.count, goal_parts.count);
        };
    }
    return [=](const engine& e) { return apart(e.take_snapshot().cells[cell], want); };
}

void lint_challenge(const lesson& l, const challenge& c, const lint_options& opt, lint_report& report) {
    reach_goal g;
    g.reached = [&c](const engine& e) { return reached(c.goal, e); };
    g.watch = watch_of(c.goal, c.config);
    g.distance = distance_of(c.goal, c.config);
    reach_options ro;
    ro.max_steps = opt.max_steps;
    ro.max_states = opt.max_states;
    const reach_result r = reach(c.config, g, ro);
    if (r.schedule) return;
    const text_position at = c.goal.at.line ? c.goal.at : c.at;
    const std::string which = "challenge '" + c.title + "': ";
    const std::string states = std::to_string(r.states);
    if (r.complete && !r.hit_step_bound)
        report.errors.emplace_back(l.file, at, which + "no schedule reaches " + goal_words(c.goal) + " (every one of the " +
                                                   states + " reachable states was searched; expected a goal the student can reach)");
    else if (r.complete)
        report.errors.emplace_back(l.file, at, which + "no schedule of at most " + std::to_string(opt.max_steps) +
                                                   " steps reaches " + goal_words(c.goal) + " (" + states +
                                                   " states searched; expected a goal the student can reach)");
    else
        report.warnings.emplace_back(l.file, at, which + "could not tell whether " + goal_words(c.goal) +
                                                     " can be reached: the search stopped at its limit of " +
                                                     std::to_string(opt.max_states) + " states without finding it");
}

}  // namespace

lint_report lint_lesson(const lesson& l, const lint_options& opt) {
    lint_report report;
    lint_script(l, report.errors);
    if (opt.challenges)
        for (const challenge& c : l.challenges) lint_challenge(l, c, opt, report);
    return report;
}

lint_report lint_file(const std::string& path, const lint_options& opt) {
    try {
        return lint_lesson(load_lesson(path), opt);
    } catch (const lesson_error& e) {
        return {{e}, {}};
    }
}

}  // namespace lockstep
