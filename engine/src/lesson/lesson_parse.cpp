// Reading a lesson: YAML through yaml-cpp, every field checked, every name checked against the
// engine, and every problem reported with the file, line and column it comes from.
#include <lockstep/engine.hpp>
#include <lockstep/lesson.hpp>
#include <lockstep/schedule.hpp>

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>
#include "../family.hpp"
#include "../text.hpp"

namespace lockstep {

lesson_error::lesson_error(std::string f, text_position where, const std::string& m)
    : std::runtime_error(f + ":" + std::to_string(where.line) + ":" + std::to_string(where.column) + ": " + m),
      file(std::move(f)),
      at(where),
      message(m) {}

const std::vector<std::string>& lesson_points() {
    // Every label() of every family (each lists its own; tst_lessons checks that the lists stay
    // complete), and the operations a thread can be stopped before, by name.
    static const std::vector<std::string> points = [] {
        std::vector<std::string> all;
        for (const detail::family* f : detail::families()) all.insert(all.end(), f->points.begin(), f->points.end());
        for (const char* op : {"schedule", "down_read", "down_write", "wake_up_process", "rcu_read_lock",
                               "rcu_read_unlock", "mutex_lock", "mutex_unlock", "spin_lock", "complete_signal", "retry"})
            all.emplace_back(op);
        return all;
    }();
    return points;
}

namespace {

const char* const thread_states[] = {"runnable", "sleeping", "blocked", "spinning", "done", "killed"};

bool is_state(const std::string& s) {
    return std::find(std::begin(thread_states), std::end(thread_states), s) != std::end(thread_states);
}

std::string joined(const std::vector<std::string>& names) {
    std::string s;
    for (const auto& n : names) detail::append(s, ", ", n);
    return s;
}

// Reads one lesson file; holds what every check needs to report a place.
class reader {
public:
    explicit reader(std::string file) : file_(std::move(file)) {}

    [[noreturn]] void fail(const YAML::Node& at, const std::string& message) const { throw lesson_error(file_, pos(at), message); }
    [[noreturn]] void fail(text_position at, const std::string& message) const { throw lesson_error(file_, at, message); }

    static text_position pos(const YAML::Node& n) {
        const YAML::Mark m = n.Mark();
        return m.is_null() ? text_position{} : text_position{m.line + 1, m.column + 1};
    }

    // The keys of a mapping, each checked against the allowed ones (a typo names its place).
    std::map<std::string, YAML::Node> fields(const YAML::Node& map, const char* what,
                                             std::initializer_list<const char*> allowed) const {
        if (!map.IsMap()) fail(map, std::string(what) + " must be a mapping of fields");
        std::map<std::string, YAML::Node> out;
        for (auto it = map.begin(); it != map.end(); ++it) {
            const std::string key = it->first.Scalar();
            if (std::find_if(allowed.begin(), allowed.end(), [&](const char* a) { return key == a; }) == allowed.end()) {
                std::string list;
                for (const char* a : allowed) detail::append(list, ", ", a);
                fail(it->first, "unknown field '" + key + "' in " + what + " (expected one of: " + list + ")");
            }
            out[key] = it->second;
        }
        return out;
    }

    std::string text(const YAML::Node& n, const char* what) const {
        if (!n.IsScalar()) fail(n, std::string(what) + " must be text");
        return n.Scalar();
    }
    int number(const YAML::Node& n, const char* what, int low, int high) const {
        const std::string s = text(n, what);
        std::size_t used = 0;
        int v = 0;
        try {
            v = std::stoi(s, &used);
        } catch (...) {
            used = 0;
        }
        if (used != s.size() || v < low || v > high)
            fail(n, std::string(what) + " must be a whole number from " + std::to_string(low) + " to " +
                        std::to_string(high) + ", not '" + s + "'");
        return v;
    }
    bool boolean(const YAML::Node& n, const char* what) const {
        const std::string s = text(n, what);
        if (s == "true" || s == "on" || s == "yes") return true;
        if (s == "false" || s == "off" || s == "no") return false;
        fail(n, std::string(what) + " must be on/off or true/false, not '" + s + "'");
    }
    std::vector<std::string> texts(const YAML::Node& n, const char* what) const {
        if (n.IsScalar()) return {n.Scalar()};
        if (!n.IsSequence()) fail(n, std::string(what) + " must be a list");
        std::vector<std::string> out;
        for (const auto& item : n) out.push_back(text(item, what));
        return out;
    }

    const std::string& file() const { return file_; }

private:
    std::string file_;
};

// The names a lesson's config provides: threads, objects and their fields.
struct names {
    explicit names(const run_config& cfg) : e(cfg), shape(e.shape()) {}
    engine e;
    std::shared_ptr<const layout> shape;

    bool thread(const std::string& n) const { return e.thread_by_name(n) != no_thread; }
    std::string threads() const {
        std::vector<std::string> v;
        for (std::size_t t = 0; t < e.thread_count(); ++t) v.push_back(e.thread_name(static_cast<thread_id>(t)));
        return joined(v);
    }
    // Splits "mm B.mmap_lock.owner" into a known object and one of its fields.
    bool split(const std::string& path, std::string& object, std::string& field) const {
        for (const auto& o : shape->objects) {
            if (path.size() <= o.name.size() + 1 || path.compare(0, o.name.size(), o.name) != 0 || path[o.name.size()] != '.')
                continue;
            const std::string f = path.substr(o.name.size() + 1);
            for (const auto& fi : o.fields)
                if (fi.name == f) {
                    object = o.name;
                    field = f;
                    return true;
                }
        }
        return false;
    }
    std::string objects() const {
        std::vector<std::string> v;
        for (const auto& o : shape->objects)
            if (o.type != "task_struct" && o.type != "kmem_cache") v.push_back(o.name);
        return joined(v);
    }
};

condition parse_condition(const reader& r, const names& n, const YAML::Node& node, const std::string& text) {
    condition c;
    c.text = text;
    c.at = reader::pos(node);
    const auto eq = text.find("=="), ne = text.find("!=");
    const auto op = eq != std::string::npos ? eq : ne;
    if (op == std::string::npos) r.fail(node, "expected a condition 'object.field == value' or '!=', got '" + text + "'");
    c.equal = op == eq;
    auto trim = [](std::string s) {
        s.erase(0, s.find_first_not_of(' '));
        s.erase(s.find_last_not_of(' ') + 1);
        return s;
    };
    const std::string lhs = trim(text.substr(0, op));
    c.value = trim(text.substr(op + 2));
    if (!n.split(lhs, c.object, c.field))
        r.fail(node, "unknown field '" + lhs + "' (objects: " + n.objects() + "; write object.field as the app shows them)");
    if (c.value.empty()) r.fail(node, "the condition '" + text + "' has no value after the comparison");
    return c;
}

run_config parse_config(const reader& r, const std::map<std::string, YAML::Node>& f, run_config cfg,
                        const YAML::Node& where) {
    if (auto it = f.find("scenario"); it != f.end()) {
        cfg.scenario = r.text(it->second, "scenario");
        if (!find_scenario(cfg.scenario)) {
            std::vector<std::string> known;
            for (const auto& s : scenarios()) known.push_back(s.name);
            r.fail(it->second, "unknown scenario '" + cfg.scenario + "' (known: " + joined(known) + ")");
        }
        // A variant of another family does not carry over to this scenario: its default does.
        const variant_info* v = find_variant(cfg.variant);
        if (v && v->family != find_scenario(cfg.scenario)->family) {
            cfg.variant.clear();
            cfg.switches.clear();
        }
    }
    if (auto it = f.find("variant"); it != f.end()) {
        cfg.variant = r.text(it->second, "variant");
        cfg.switches.clear();
        std::vector<std::string> known;
        for (const variant_info* v : variants_for(cfg.scenario)) known.push_back(v->name);
        if (std::find(known.begin(), known.end(), cfg.variant) == known.end())
            r.fail(it->second, "unknown variant '" + cfg.variant + "' for " + cfg.scenario + " (known: " +
                                   joined(known) + ")");
    }
    if (auto it = f.find("switches"); it != f.end()) {
        if (!it->second.IsMap()) r.fail(it->second, "switches must be a mapping of switch name to on/off");
        for (auto s = it->second.begin(); s != it->second.end(); ++s) {
            const std::string name = s->first.Scalar();
            if (!find_switch(name)) {
                std::vector<std::string> known;
                for (const auto& k : switches()) known.push_back(k.name);
                r.fail(s->first, "unknown switch '" + name + "' (known: " + joined(known) + ")");
            }
            cfg.switches[name] = r.boolean(s->second, "a switch");
        }
    }
    if (auto it = f.find("scaled"); it != f.end()) cfg.scaled = r.boolean(it->second, "scaled");
    if (auto it = f.find("readers"); it != f.end()) cfg.readers = r.number(it->second, "readers", 1, 16);
    try {
        resolve_switches(cfg);
    } catch (const config_error& e) {
        r.fail(where, e.what());
    }
    return cfg;
}

checkpoint parse_checkpoint(const reader& r, const names& n, const YAML::Node& key, const YAML::Node& value) {
    checkpoint c;
    c.at = reader::pos(key);
    const std::string what = key.Scalar();
    // YAML reads an unquoted NULL as a null node; the lesson means the pointer value NULL.
    c.expected = value.IsNull() ? "NULL" : r.text(value, "an expected value");
    if (n.thread(what)) {
        c.field = what;
        if (!is_state(c.expected))
            r.fail(value, "unknown thread state '" + c.expected + "' (expected runnable, sleeping, blocked, done or killed)");
        return c;
    }
    if (!n.split(what, c.object, c.field))
        r.fail(key, "unknown thread or field '" + what + "' (threads: " + n.threads() + "; objects: " + n.objects() + ")");
    return c;
}

// An `until` (a point, a thread state or a condition) into `s`. An unknown point is reported
// with `suggest` (the app passes the thread's own points), or with where the points are listed.
void read_until(const reader& r, const names& n, const YAML::Node& node, lesson_step& s,
                const std::vector<std::string>& suggest) {
    s.until_text = r.text(node, "until");
    const auto& points = lesson_points();
    if (s.until_text.find('=') != std::string::npos) {
        s.until = until_kind::condition;
        s.until_condition = parse_condition(r, n, node, s.until_text);
    } else if (is_state(s.until_text)) {
        s.until = until_kind::state;
    } else if (std::find(points.begin(), points.end(), s.until_text) != points.end()) {
        s.until = until_kind::point;
    } else if (suggest.empty()) {
        r.fail(node, "unknown point '" + s.until_text + "' for 'until' (a point such as start_read.recheck, a thread state, or a condition like vma.vm_refcnt == OFFSET+1; lessons/README.md lists the points)");
    } else {
        r.fail(node, "unknown point '" + s.until_text + "' (" + s.thread + " passes " + joined(suggest) +
                         "; or give a thread state: " + joined(std::vector<std::string>(std::begin(thread_states), std::end(thread_states))) +
                         "; or a condition like vma.vm_refcnt == OFFSET+1)");
    }
    s.steps = 0;
}

lesson_step parse_step(const reader& r, const names& n, const YAML::Node& node) {
    lesson_step s;
    s.at = reader::pos(node);
    const auto f = r.fields(node, "a script step", {"say", "thread", "steps", "until", "outcome", "highlight", "expect", "predict"});
    if (auto it = f.find("say"); it != f.end()) s.say = r.text(it->second, "say");
    if (auto it = f.find("thread"); it != f.end()) {
        s.thread = r.text(it->second, "thread");
        if (!n.thread(s.thread)) r.fail(it->second, "unknown thread '" + s.thread + "' (threads: " + n.threads() + ")");
        s.steps = 1;
    }
    if (auto it = f.find("steps"); it != f.end()) {
        if (s.thread.empty()) r.fail(it->second, "'steps' needs a 'thread' to advance");
        s.steps = r.number(it->second, "steps", 1, 100000);
    }
    if (auto it = f.find("until"); it != f.end()) {
        if (s.thread.empty()) r.fail(it->second, "'until' needs a 'thread' to advance");
        if (f.count("steps")) r.fail(it->second, "a step has either 'steps' or 'until', not both");
        read_until(r, n, it->second, s, {});
    }
    if (auto it = f.find("outcome"); it != f.end()) {
        if (s.thread.empty()) r.fail(it->second, "'outcome' needs a 'thread' to advance");
        if (s.until != until_kind::none || s.steps != 1)
            r.fail(it->second, "'outcome' chooses what one operation does: give it on a step of one operation "
                               "(no 'until', no 'steps' but 1)");
        s.outcome_text = r.text(it->second, "outcome");
        choice c;
        if (!parse_outcome(s.outcome_text, c))
            r.fail(it->second, "expected an outcome such as r1 (a load reads the second newest store it may read) or "
                               "w1 (a store lands one place before the end), not '" + s.outcome_text + "'");
        s.outcome = c.option;
        s.outcome_kind = c.kind;
    }
    if (auto it = f.find("highlight"); it != f.end()) {
        s.highlight = r.texts(it->second, "highlight");
        for (const auto& h : s.highlight) {
            std::string o, fl;
            const bool lane = h.rfind("lane:", 0) == 0 && n.thread(h.substr(5));
            if (!lane && !n.split(h, o, fl))
                r.fail(it->second, "unknown highlight '" + h + "' (write object.field, or lane:THREAD with threads " + n.threads() + ")");
        }
    }
    if (auto it = f.find("expect"); it != f.end()) {
        if (!it->second.IsMap()) r.fail(it->second, "expect must be a mapping such as 'vma.vm_refcnt: 2' or 'W: sleeping'");
        for (auto e = it->second.begin(); e != it->second.end(); ++e) s.expect.push_back(parse_checkpoint(r, n, e->first, e->second));
    }
    if (auto it = f.find("predict"); it != f.end()) {
        const auto p = r.fields(it->second, "predict", {"question", "choices", "answer", "explain"});
        prediction pr;
        if (!p.count("question") || !p.count("choices") || !p.count("answer"))
            r.fail(it->second, "predict needs 'question', 'choices' and 'answer'");
        pr.question = r.text(p.at("question"), "question");
        pr.choices = r.texts(p.at("choices"), "choices");
        if (pr.choices.size() < 2) r.fail(p.at("choices"), "predict needs at least two choices");
        pr.answer = static_cast<std::size_t>(r.number(p.at("answer"), "answer", 0, static_cast<int>(pr.choices.size()) - 1));
        if (p.count("explain")) pr.explain = r.text(p.at("explain"), "explain");
        s.predict = pr;
    }
    if (s.say.empty() && s.thread.empty() && s.expect.empty() && !s.predict)
        r.fail(node, "an empty step: give it 'say', 'thread', 'expect' or 'predict'");
    return s;
}

// `allow: [hints, find_violation]`: what the student may use in the challenge; what the list
// leaves out is off (`allow: []` for an exam). Each item is checked, at its own place.
void parse_allow(const reader& r, const YAML::Node& node, challenge& c) {
    if (!node.IsSequence() && !node.IsScalar())
        r.fail(node, "allow must be a list of hints and find_violation, e.g. [hints] ([] allows neither)");
    c.allow_hints = false;
    c.allow_search = false;
    const auto one = [&](const YAML::Node& item) {
        if (!item.IsScalar()) r.fail(item, "each item of allow is hints or find_violation");
        const std::string& what = item.Scalar();
        if (what == "hints") c.allow_hints = true;
        else if (what == "find_violation") c.allow_search = true;
        else r.fail(item, "unknown item '" + what + "' in allow (expected hints or find_violation)");
    };
    if (node.IsScalar()) one(node);
    else for (const auto& item : node) one(item);
}

challenge parse_challenge(const reader& r, const run_config& base, const YAML::Node& node) {
    challenge c;
    c.at = reader::pos(node);
    const auto f = r.fields(node, "a challenge", {"title", "goal", "say", "hints", "solved", "allow", "variant", "switches", "scaled", "readers"});
    if (!f.count("title") || !f.count("goal") || !f.count("say") || !f.count("solved"))
        r.fail(node, "a challenge needs 'title', 'goal', 'say' and 'solved'");
    c.title = r.text(f.at("title"), "title");
    c.say = r.text(f.at("say"), "say");
    c.solved = r.text(f.at("solved"), "solved");
    if (f.count("hints")) c.hints = r.texts(f.at("hints"), "hints");
    if (auto it = f.find("allow"); it != f.end()) parse_allow(r, it->second, c);
    c.config = parse_config(r, f, base, node);
    const names n(c.config);
    const auto g = r.fields(f.at("goal"), "a goal", {"verdict", "state", "condition"});
    if (g.size() != 1) r.fail(f.at("goal"), "a goal has exactly one of 'verdict', 'state' or 'condition'");
    const auto& [kind, value] = *g.begin();
    c.goal.text = r.text(value, "a goal");
    c.goal.at = reader::pos(value);
    if (kind == "verdict") {
        c.goal.what = goal::kind::verdict;
        c.goal.invariant = c.goal.text;
        // The scenario's family names its own invariants; the machine's are everybody's.
        std::vector<std::string> known = detail::family_of_scenario(c.config.scenario).invariants;
        for (const char* generic : {"deadlock", "use-after-free", "VM_BUG_ON", "WARN_ON_ONCE", "livelock", "liveness"})
            known.emplace_back(generic);
        if (std::find(known.begin(), known.end(), c.goal.invariant) == known.end())
            r.fail(value, "unknown invariant '" + c.goal.invariant + "' for " + c.config.scenario + " (" + joined(known) + ")");
    } else if (kind == "state") {
        c.goal.what = goal::kind::state;
        std::istringstream words(c.goal.text);
        words >> c.goal.thread >> c.goal.state;
        if (!n.thread(c.goal.thread)) r.fail(value, "unknown thread '" + c.goal.thread + "' (threads: " + n.threads() + ")");
        if (!is_state(c.goal.state))
            r.fail(value, "expected 'THREAD state' with a state among runnable, sleeping, blocked, done, killed");
    } else {
        c.goal.what = goal::kind::condition;
        c.goal.cond = parse_condition(r, n, value, c.goal.text);
    }
    return c;
}

}  // namespace

lesson parse_lesson(const std::string& text, const std::string& file) {
    const reader r(file);
    YAML::Node root;
    try {
        root = YAML::Load(text);
    } catch (const YAML::ParserException& e) {
        throw lesson_error(file, {e.mark.line + 1, e.mark.column + 1}, "not valid YAML: " + e.msg);
    }
    if (!root || root.IsNull()) throw lesson_error(file, {1, 1}, "the file is empty (lessons/README.md shows a complete lesson)");
    const auto f = r.fields(root, "the lesson", {"id", "title", "summary", "level", "minutes", "scenario", "variant",
                                                 "switches", "scaled", "readers", "script", "challenges"});
    for (const char* required : {"id", "title", "summary", "level", "minutes", "scenario", "script"})
        if (!f.count(required)) r.fail(root, std::string("the lesson has no '") + required + "' (required)");

    lesson l;
    l.file = file;
    l.id = r.text(f.at("id"), "id");
    l.title = r.text(f.at("title"), "title");
    l.summary = r.text(f.at("summary"), "summary");
    l.level = r.text(f.at("level"), "level");
    if (l.level != "beginner" && l.level != "intermediate" && l.level != "advanced")
        r.fail(f.at("level"), "level must be beginner, intermediate or advanced, not '" + l.level + "'");
    l.minutes = r.number(f.at("minutes"), "minutes", 1, 600);
    l.config = parse_config(r, f, run_config{}, root);

    const names n(l.config);
    const YAML::Node& script = f.at("script");
    if (!script.IsSequence() || script.size() == 0) r.fail(script, "script must be a list of at least one step");
    for (const auto& step : script) l.script.push_back(parse_step(r, n, step));

    if (auto it = f.find("challenges"); it != f.end()) {
        if (!it->second.IsSequence()) r.fail(it->second, "challenges must be a list");
        for (const auto& c : it->second) l.challenges.push_back(parse_challenge(r, l.config, c));
    }
    return l;
}

lesson_step until_step(const run_config& cfg, const std::string& thread, const std::string& until,
                       const std::vector<std::string>& suggest) {
    const reader r("");
    const names n(cfg);
    if (!n.thread(thread)) r.fail(text_position{}, "unknown thread '" + thread + "' (threads: " + n.threads() + ")");
    lesson_step s;
    s.thread = thread;
    // A node made here has no place in a file: its errors carry line 0, and the app shows only
    // their message.
    read_until(r, n, YAML::Node(until), s, suggest);
    return s;
}

lesson load_lesson(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw lesson_error(path, {}, "cannot read the file");
    std::ostringstream text;
    text << in.rdbuf();
    return parse_lesson(text.str(), path);
}

}  // namespace lockstep
