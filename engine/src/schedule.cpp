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

std::vector<thread_id> parse_schedule(const std::string& text, const engine& e) {
    std::vector<thread_id> out;
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
        const thread_id t = e.thread_by_name(name);
        if (t == no_thread)
            throw bad_token("unknown thread '" + name + "' in schedule (threads: " + thread_names(e) + ")", index, start);
        out.insert(out.end(), static_cast<std::size_t>(count), t);
        ++index;
    }
    return out;
}

std::string format_schedule(const std::vector<thread_id>& choices, const engine& e) {
    std::string s;
    for (std::size_t i = 0; i < choices.size();) {
        std::size_t j = i;
        while (j < choices.size() && choices[j] == choices[i]) ++j;
        if (!s.empty()) s += ' ';
        s += e.thread_name(choices[i]);
        if (j - i > 1) s += "*" + std::to_string(j - i);
        i = j;
    }
    return s;
}

void play_schedule(engine& e, const std::vector<thread_id>& choices) {
    for (std::size_t i = 0; i < choices.size(); ++i) {
        const thread_id t = choices[i];
        if (!e.can_run(t))
            throw bad_token("step " + std::to_string(e.step_count() + 1) + ": " + e.thread_name(t) +
                                " cannot run: " + e.why_not(t),
                            i, 0);
        e.step(t);
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
