// Lessons: YAML files a teacher writes (lessons/README.md is the format), parsed, checked
// against the engine's names, and played step by step, headless or in the app.
#pragma once

#include <lockstep/config.hpp>
#include <lockstep/snapshot.hpp>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace lockstep {

class engine;

struct text_position {
    int line = 0;    // 1-based, 0 when unknown
    int column = 0;  // 1-based
};

// A problem with a lesson file, always with the place: what() is "file:line:column: message".
struct lesson_error : std::runtime_error {
    lesson_error(std::string file, text_position at, const std::string& message);
    std::string file;
    text_position at;
    std::string message;  // without the place
};

// "vma.vm_refcnt == OFFSET+1": a field compared with a value written as the app shows it.
struct condition {
    std::string object;
    std::string field;
    bool equal = true;  // == or !=
    std::string value;
    std::string text;   // as written
    text_position at;
};

// After a step: a field has a value, or a thread is in a state.
struct checkpoint {
    std::string object;  // "" for a thread state
    std::string field;   // the thread's name for a thread state
    std::string expected;
    text_position at;
};

struct prediction {
    std::string question;
    std::vector<std::string> choices;
    std::size_t answer = 0;
    std::string explain;
};

enum class until_kind { none, point, state, condition };

struct lesson_step {
    text_position at;
    std::string say;     // Markdown
    std::string thread;  // "" for narration only
    int steps = 0;       // advance by this many operations (until_kind::none)
    until_kind until = until_kind::none;
    std::string until_text;    // the point or the state
    condition until_condition;
    std::vector<std::string> highlight;  // "vma.vm_refcnt", "lane:R1"
    std::vector<checkpoint> expect;
    std::optional<prediction> predict;
    // Under a weak memory model, which outcome the step's one operation takes (`outcome: r1`):
    // the K-th newest store a load may read ('r'), or the place K before the end where a store
    // lands ('w'); 0 is the newest / the end, as without the field.
    int outcome = 0;
    char outcome_kind = 0;     // 'r', 'w', or 0 when written as a bare number
    std::string outcome_text;  // as written, "" when the step has none
};

struct goal {
    enum class kind { verdict, state, condition } what = kind::verdict;
    std::string invariant;  // verdict
    std::string thread;     // state
    std::string state;
    condition cond;         // condition
    std::string text;       // as written, for the app
    text_position at;       // where the goal's value is written
};

struct challenge {
    text_position at;
    std::string title;
    std::string say;
    std::string solved;
    std::vector<std::string> hints;
    // What the student may use while trying it (`allow:`; both unless the lesson says
    // otherwise): the hints, and the lab's search for a violating schedule, which would
    // otherwise hand over the answer to a challenge whose goal is a verdict.
    bool allow_hints = true;
    bool allow_search = true;
    lockstep::goal goal;
    run_config config;  // the lesson's, with the challenge's own variant and switches
};

struct lesson {
    std::string file;
    std::string id;
    std::string title;
    std::string summary;
    std::string level;
    int minutes = 0;
    run_config config;
    std::vector<lesson_step> script;
    std::vector<challenge> challenges;
};

// Parses and checks a lesson: YAML syntax, the fields, and every name against the engine
// (scenario, variant, switch, thread, point, object, field). Throws lesson_error.
lesson parse_lesson(const std::string& text, const std::string& file);
lesson load_lesson(const std::string& path);

// A step that runs `thread` of a run of `cfg` until `until`, read exactly as a script step's
// `until` (a point, a thread state or a condition), for perform() to play: the window's "Run
// until" takes a lesson's words. An unknown point is reported with `suggest` when given (the
// thread's own points). Throws lesson_error, with no place (its `message` is the text to show).
lesson_step until_step(const run_config& cfg, const std::string& thread, const std::string& until,
                       const std::vector<std::string>& suggest = {});

// The names a lesson can use in `until`: the algorithm's labelled points.
const std::vector<std::string>& lesson_points();

// Whether the current state satisfies a condition, a checkpoint ("" when it holds, else why
// not), or a challenge's goal.
bool holds(const condition& c, const snapshot& s);
std::string check_checkpoint(const checkpoint& c, const snapshot& s);
// A checkpoint as written: "vma.vm_refcnt = 2", "W = sleeping".
std::string checkpoint_text(const checkpoint& c);
bool reached(const goal& g, const engine& e);

// Performs one script step on `e` (advancing its thread as the step says). Throws lesson_error
// at the step when its thread cannot get there.
void perform(const lesson& l, const lesson_step& step, engine& e);

// Plays the whole script headless. The transcript has the narration, the events each step
// produced and every checkpoint's outcome; `failures` names each checkpoint that did not hold.
struct play_report {
    std::vector<std::string> transcript;
    std::vector<std::string> failures;
};
play_report play_lesson(const lesson& l);

// What lint does beyond parsing: it plays the script (every checkpoint must hold, every step
// must be possible) and searches each challenge for a schedule that reaches its goal.
struct lint_options {
    // Bounds of each challenge's search (see reach_options): a goal no schedule of at most
    // max_steps steps reaches is an error; a search that runs out of states first is a warning.
    std::uint64_t max_steps = 400;
    std::uint64_t max_states = 200'000;
    bool challenges = true;  // search the challenges at all
};

struct lint_report {
    std::vector<lesson_error> errors;    // each one makes the lesson malformed
    std::vector<lesson_error> warnings;  // what lint could not decide (a search cut short)
};
lint_report lint_lesson(const lesson& l, const lint_options& options = {});
// Loads, parses and lints a file; a parse error is the report's only error.
lint_report lint_file(const std::string& path, const lint_options& options = {});

}  // namespace lockstep
