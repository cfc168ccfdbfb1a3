// Playing a lesson: performing its steps on an engine, checking its checkpoints and goals.
// The app plays step by step through perform(); the CLI and the tests play it whole.
#include <lockstep/engine.hpp>
#include <lockstep/lesson.hpp>
#include <lockstep/schedule.hpp>

#include <charconv>
#include <sstream>

namespace lockstep {

namespace {

// A value as the lesson wrote it ("OFFSET+1", "UINT_MAX", "W", "2") against a field's value:
// the app's text for it, or the plain number.
bool same_value(const layout& shape, const field_info& f, value_t v, const std::string& expected) {
    if (format_value(shape, f, v) == expected) return true;
    // Lessons written before the writer bit was spelled OFFSET said "O+1": still understood.
    if (f.kind == field_kind::refcnt_word && expected.starts_with('O') && !expected.starts_with("OFFSET") &&
        format_value(shape, f, v) == "OFFSET" + expected.substr(1))
        return true;
    value_t n = 0;
    const auto [end, ec] = std::from_chars(expected.data(), expected.data() + expected.size(), n);
    return ec == std::errc() && end == expected.data() + expected.size() && n == v;
}

const thread_view* find_thread(const snapshot& s, const std::string& name) {
    for (const auto& t : s.threads)
        if (t.name == name) return &t;
    return nullptr;
}

}  // namespace

bool holds(const condition& c, const snapshot& s) {
    const field_info* f = find_field(*s.shape, c.object, c.field);
    return f && same_value(*s.shape, *f, s.cells[f->cell], c.value) == c.equal;
}

std::string check_checkpoint(const checkpoint& c, const snapshot& s) {
    if (c.object.empty()) {
        const thread_view* t = find_thread(s, c.field);
        const std::string state = t ? to_string(t->state) : "missing";
        if (state == c.expected) return {};
        return c.field + " is " + state + ", expected " + c.expected +
               (t && !t->waiting_for.empty() ? " (" + t->waiting_for + ")" : "");
    }
    const field_info* f = find_field(*s.shape, c.object, c.field);
    if (!f) return c.object + "." + c.field + " does not exist";
    const value_t v = s.cells[f->cell];
    if (same_value(*s.shape, *f, v, c.expected)) return {};
    return c.object + "." + c.field + " is " + format_value(*s.shape, *f, v) + ", expected " + c.expected;
}

std::string checkpoint_text(const checkpoint& c) {
    return (c.object.empty() ? c.field : c.object + "." + c.field) + " = " + c.expected;
}

bool reached(const goal& g, const engine& e) {
    switch (g.what) {
    case goal::kind::verdict:
        for (const auto& v : e.verdicts())
            if (v.invariant == g.invariant) return true;
        return false;
    case goal::kind::state: {
        const snapshot s = e.take_snapshot();
        const thread_view* t = find_thread(s, g.thread);
        return t && to_string(t->state) == g.state;
    }
    case goal::kind::condition:
        return holds(g.cond, e.take_snapshot());
    }
    return false;
}

void perform(const lesson& l, const lesson_step& step, engine& e) {
    if (step.thread.empty()) return;
    const thread_id t = e.thread_by_name(step.thread);
    auto cannot = [&](const std::string& why) { return lesson_error(l.file, step.at, step.thread + " " + why); };
    constexpr int limit = 100000;  // an `until` that never comes stops here
    switch (step.until) {
    case until_kind::none:
        for (int i = 0; i < step.steps; ++i) {
            if (!e.can_run(t)) throw cannot("cannot run: " + e.why_not(t));
            if (step.outcome_text.empty()) {
                e.step(t);
                continue;
            }
            // The one operation of a step with an outcome: it must have that outcome, of that kind.
            if (const std::string problem = outcome_problem(e, choice{t, step.outcome, step.outcome_kind}); !problem.empty())
                throw cannot("cannot take outcome " + step.outcome_text + ": " + problem);
            e.step(choice{t, step.outcome, e.option_kind(t)});
        }
        return;
    case until_kind::point:
        try {
            step_until(e, t, step.until_text, limit);
        } catch (const schedule_error& err) {
            throw lesson_error(l.file, step.at, err.what());
        }
        return;
    case until_kind::state:
    case until_kind::condition:
        for (int i = 0; i <= limit; ++i) {
            const snapshot s = e.take_snapshot();
            const bool there = step.until == until_kind::state
                                   ? to_string(s.threads[static_cast<std::size_t>(t)].state) == step.until_text
                                   : holds(step.until_condition, s);
            if (there) return;
            if (!e.can_run(t)) throw cannot("cannot reach '" + step.until_text + "': " + e.why_not(t));
            e.step(t);
        }
        throw cannot("did not reach '" + step.until_text + "' within " + std::to_string(limit) + " steps");
    }
}

play_report play_lesson(const lesson& l) {
    play_report r;
    engine e(l.config);
    auto say = [&](const std::string& prefix, const std::string& text) {
        std::istringstream lines(text);
        for (std::string line; std::getline(lines, line);) r.transcript.push_back(prefix + line);
    };
    r.transcript.push_back("lesson " + l.id + ": " + l.title);
    std::size_t verdicts_seen = 0;
    for (std::size_t i = 0; i < l.script.size(); ++i) {
        const lesson_step& step = l.script[i];
        r.transcript.push_back("-- step " + std::to_string(i + 1) + " (line " + std::to_string(step.at.line) + ")" +
                               (step.thread.empty() ? "" : ": " + step.thread +
                                (step.until != until_kind::none ? " until " + step.until_text : " x" + std::to_string(step.steps)) +
                                (step.outcome_text.empty() ? "" : " outcome " + step.outcome_text)));
        say("   | ", step.say);
        if (step.predict) {
            say("   ? ", step.predict->question);
            r.transcript.push_back("   ? answer: " + step.predict->choices[step.predict->answer]);
        }
        const std::size_t before = e.events().size();
        try {
            perform(l, step, e);
        } catch (const lesson_error& err) {
            r.failures.push_back(err.what());
            r.transcript.push_back("   FAILED: " + err.message);
            break;
        }
        for (std::size_t k = before; k < e.events().size(); ++k) {
            const event& ev = e.events()[k];
            r.transcript.push_back("   " + std::to_string(ev.step) + " " + e.thread_name(ev.thread) + " " + ev.function +
                                   ": " + describe_event(ev, *e.shape()) +
                                   (ev.option ? "  [" + format_outcome(choice{ev.thread, ev.option, ev.option_kind}) + "]" : ""));
        }
        const snapshot s = e.take_snapshot();
        for (const checkpoint& c : step.expect) {
            const std::string what = checkpoint_text(c);
            const std::string problem = check_checkpoint(c, s);
            if (problem.empty()) {
                r.transcript.push_back("   ok: " + what);
            } else {
                r.transcript.push_back("   FAILED: " + what + ": " + problem);
                r.failures.push_back(lesson_error(l.file, c.at, "checkpoint " + what + " does not hold: " + problem).what());
            }
        }
        for (; verdicts_seen < s.verdicts.size(); ++verdicts_seen)
            r.transcript.push_back("   verdict " + s.verdicts[verdicts_seen].invariant + ": " + s.verdicts[verdicts_seen].message);
    }
    return r;
}

}  // namespace lockstep
