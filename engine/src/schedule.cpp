#include <lockstep/engine.hpp>
#include <lockstep/schedule.hpp>

#include <cctype>
#include <charconv>
#include "text.hpp"

namespace lockstep {

namespace {
schedule_error bad_token(std::string message, std::size_t token, std::size_t column) {
    schedule_error e(std::move(message));
    e.token = token;
    e.column = column;
    return e;
}

std::string thread_names(const engine& e) {
    std::string s;
    for (std::size_t t = 0; t < e.thread_count(); ++t) detail::append(s, ", ", e.thread_name(static_cast<thread_id>(t)));
    return s;
}
}  // namespace

std::vector<choice> parse_schedule(const std::string& text, const engine& e) {
    std::vector<choice> out;
    std::size_t i = 0, index = 0;
    while (true) {
        while (i < text.size() && (std::isspace(static_cast<unsigned char>(text[i])) || text[i] == ','))
            ++i;
        if (i >= text.size()) break;
        const std::size_t start = i;
        while (i < text.size() && !std::isspace(static_cast<unsigned char>(text[i])) && text[i] != ',') ++i;
        const std::string token = text.substr(start, i - start);
        std::string name = token;
        long count = 1;
        if (auto star = token.find('*'); star != std::string::npos) {
            name = token.substr(0, star);
            const std::string digits = token.substr(star + 1);
            auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), count);
            if (digits.empty() || ec != std::errc() || p != digits.data() + digits.size() || count < 1 || count > 1000000)
                throw bad_token("bad repeat count in '" + token + "' (expected NAME*N with N from 1 to 1000000)", index, start);
        }
        // NAME:rK / NAME:wK / NAME:K: the step's outcome K under a weak memory model.
        choice c;
        if (auto colon = name.find(':'); colon != std::string::npos) {
            const std::string outcome = name.substr(colon + 1);
            name = name.substr(0, colon);
            if (!parse_outcome(outcome, c))
                throw bad_token("bad outcome in '" + token + "' (expected NAME:rK for a load's K-th newest store, or NAME:wK for a store landing K places before the end)",
                                index, start + colon + 1);
        }
        c.thread = e.thread_by_name(name);
        if (c.thread == no_thread)
            throw bad_token("unknown thread '" + name + "' in schedule (threads: " + thread_names(e) + ")", index, start);
        out.insert(out.end(), static_cast<std::size_t>(count), c);
        ++index;
    }
    return out;
}

bool parse_outcome(std::string_view text, choice& c) {
    char kind = 0;
    if (!text.empty() && (text[0] == 'r' || text[0] == 'w')) {
        kind = text[0];
        text.remove_prefix(1);
    }
    int k = 0;
    const auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), k);
    if (text.empty() || ec != std::errc() || p != text.data() + text.size() || k < 0 || k > 9999) return false;
    c.option = static_cast<std::int16_t>(k);
    c.kind = kind;
    return true;
}

std::string format_outcome(const choice& c) { return (c.kind ? c.kind : 'r') + std::to_string(c.option); }

std::string outcome_problem(const engine& e, const choice& c) {
    const char kind = e.option_kind(c.thread);
    const std::string next = "its next operation, " + e.next_op(c.thread) + ", ";
    if (c.kind && kind != c.kind)
        return next + (kind == 'r' ? "reads (write rK)" : kind == 'w' ? "stores (write wK)" : "touches no weak cell");
    if (const int n = e.options(c.thread); c.option >= n)
        return next + "has " + std::to_string(n) + (n == 1 ? " outcome" : " outcomes");
    return {};
}

std::string format_schedule(const std::vector<choice>& choices, const engine& e) {
    std::string s;
    for (std::size_t i = 0; i < choices.size();) {
        std::size_t j = i;
        while (j < choices.size() && choices[j] == choices[i]) ++j;
        if (!s.empty()) s += ' ';
        s += e.thread_name(choices[i].thread);
        if (choices[i].option != 0) s += ":" + format_outcome(choices[i]);
        if (j - i > 1) s += "*" + std::to_string(j - i);
        i = j;
    }
    return s;
}

std::vector<choice> possible_steps(const engine& e) {
    std::vector<choice> out;
    for (thread_id t : e.runnable())
        for (int k = 0, n = e.options(t); k < n; ++k) out.push_back(choice{t, k, e.option_kind(t)});
    return out;
}

std::vector<thread_id> threads_of(const std::vector<choice>& choices) {
    std::vector<thread_id> out;
    out.reserve(choices.size());
    for (const choice& c : choices) out.push_back(c.thread);
    return out;
}

void play_schedule(engine& e, const std::vector<choice>& choices) {
    for (std::size_t i = 0; i < choices.size(); ++i) {
        const choice c = choices[i];
        if (!e.can_run(c.thread))
            throw bad_token("step " + std::to_string(e.step_count() + 1) + ": " + e.thread_name(c.thread) +
                                " cannot run: " + e.why_not(c.thread),
                            i, 0);
        if (const std::string problem = outcome_problem(e, c); !problem.empty())
            throw bad_token("step " + std::to_string(e.step_count() + 1) + ": " + e.thread_name(c.thread) +
                                " cannot take outcome " + format_outcome(c) + ": " + problem,
                            i, 0);
        e.step(c);
    }
}

std::uint64_t step_until(engine& e, thread_id t, const std::string& point, std::uint64_t max_steps) {
    for (std::uint64_t n = 0; n <= max_steps; ++n) {
        if (e.next_label(t) == point || e.next_op(t) == point) return n;
        if (!e.can_run(t))
            throw bad_token(e.thread_name(t) + " cannot reach '" + point + "': " + e.why_not(t), 0, 0);
        e.step(t);
    }
    throw bad_token(e.thread_name(t) + " did not reach '" + point + "' within " + std::to_string(max_steps) + " steps", 0, 0);
}

void run_round_robin(engine& e, std::uint64_t max_steps) {
    const auto n = static_cast<thread_id>(e.thread_count());
    thread_id next = 0;
    for (std::uint64_t k = 0; k < max_steps && !e.finished(); ++k) {
        for (thread_id tries = 0; tries < n; ++tries, next = (next + 1) % n)
            if (e.can_run(next)) break;
        e.step(next);
        next = (next + 1) % n;
    }
}

}  // namespace lockstep
