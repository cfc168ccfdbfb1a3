// run_litmus(): the scope check, the census of final states, and herd7's report.
#include "litmus_family.hpp"

#include <lockstep/engine.hpp>
#include <lockstep/litmus.hpp>
#include <lockstep/schedule.hpp>

#include <algorithm>
#include <functional>
#include <map>
#include <set>

namespace lockstep::litmus {

namespace {

// The primitives whose first argument is `*p`: the dereference is theirs, not a plain access.
const std::set<std::string> marked_deref = {"READ_ONCE", "WRITE_ONCE", "rcu_dereference", "rcu_assign_pointer",
                                            "smp_store_mb"};
const std::set<std::string> grace_periods = {"synchronize_rcu", "synchronize_rcu_expedited", "call_rcu",
                                             "synchronize_srcu", "srcu_read_lock", "srcu_read_unlock"};

void walk(const std::vector<stmt>& body, const std::function<void(const stmt&)>& on_stmt) {
    for (const stmt& s : body) {
        on_stmt(s);
        walk(s.body, on_stmt);
        walk(s.orelse, on_stmt);
    }
}

void walk(const expr& e, const std::function<void(const expr&, bool marked)>& on_expr, bool marked = false) {
    on_expr(e, marked);
    for (std::size_t i = 0; i < e.args.size(); ++i)
        walk(e.args[i], on_expr, e.k == expr::kind::call && i == 0 && marked_deref.count(e.text));
}

// One access of a thread in program order, as far as the load-buffering check needs it.
struct access {
    bool load = false;
    std::string var;
    std::string reg;    // a load: the register it sets
    bool constant = false;
    std::int64_t value = 0;  // a store of a constant
};

// The variable a primitive's pointer argument names directly (`*x` or `x`), "" otherwise.
std::string named_variable(const expr& arg) {
    const expr& p = arg.k == expr::kind::unary && arg.text == "*" ? arg.args[0] : arg;
    return p.k == expr::kind::name ? p.text : "";
}

std::vector<access> accesses_of(const thread& th) {
    static const std::set<std::string> loads = {"READ_ONCE", "rcu_dereference", "smp_load_acquire", "atomic_read",
                                                "atomic_read_acquire"};
    static const std::set<std::string> stores = {"WRITE_ONCE", "rcu_assign_pointer", "smp_store_release",
                                                 "atomic_set", "atomic_set_release", "smp_store_mb"};
    std::vector<access> out;
    walk(th.body, [&](const stmt& s) {
        const expr* call = nullptr;
        std::string reg;
        if ((s.k == stmt::kind::assign || s.k == stmt::kind::declare) && !s.args.empty() && !s.text.empty() &&
            s.args[0].k == expr::kind::call) {
            call = &s.args[0];
            reg = s.text;
        } else if (s.k == stmt::kind::call && !s.args.empty() && s.args[0].k == expr::kind::call) {
            call = &s.args[0];
        }
        if (!call || call->args.empty()) return;
        const std::string var = named_variable(call->args[0]);
        if (var.empty()) return;
        if (loads.count(call->text)) out.push_back({true, var, reg});
        else if (stores.count(call->text) && call->args.size() == 2)
            out.push_back({false, var, "", call->args[1].k == expr::kind::constant, call->args[1].number});
        else if (!stores.count(call->text) && call->text.find("xchg") != std::string::npos)
            out.push_back({true, var, reg});
    });
    return out;
}

// Load buffering: with each register the condition requires read from the one store that writes
// its value, do the reads-from edges and program order make a cycle? Then the outcome needs a
// thread to see a store before its own earlier load has read, which a model that runs each
// thread in order cannot produce.
bool needs_load_buffering(const test& t) {
    std::vector<std::vector<access>> acc;
    for (const thread& th : t.threads) acc.push_back(accesses_of(th));
    std::map<std::string, std::int64_t> initial;
    for (const init_entry& e : t.init)
        if (e.thread < 0 && !e.initial.is_address) initial[e.name] = e.initial.number;
    using node = std::pair<std::size_t, std::size_t>;
    std::map<node, std::vector<node>> edges;
    for (std::size_t i = 0; i < acc.size(); ++i)
        for (std::size_t k = 0; k + 1 < acc[i].size(); ++k) edges[{i, k}].push_back({i, k + 1});
    std::vector<const condition*> todo{&t.final_condition};
    while (!todo.empty()) {
        const condition* c = todo.back();
        todo.pop_back();
        for (const condition& o : c->operands) todo.push_back(&o);
        if (c->k != condition::kind::equals || c->thread < 0 || c->expected.is_address) continue;
        const auto ti = static_cast<std::size_t>(c->thread);
        if (ti >= acc.size()) continue;
        for (std::size_t k = 0; k < acc[ti].size(); ++k) {
            const access& l = acc[ti][k];
            if (!l.load || l.reg != c->name || c->expected.number == initial[l.var]) continue;
            std::vector<node> writers;
            for (std::size_t j = 0; j < acc.size(); ++j)
                for (std::size_t w = 0; w < acc[j].size(); ++w)
                    if (j != ti && !acc[j][w].load && acc[j][w].var == l.var && acc[j][w].constant &&
                        acc[j][w].value == c->expected.number)
                        writers.push_back({j, w});
            if (writers.size() == 1) edges[writers[0]].push_back({ti, k});
        }
    }
    std::map<node, int> colour;  // 1 on the path, 2 done
    std::function<bool(node)> cyclic = [&](node n) {
        colour[n] = 1;
        for (const node& m : edges[n]) {
            if (colour[m] == 1) return true;
            if (colour[m] == 0 && cyclic(m)) return true;
        }
        colour[n] = 2;
        return false;
    };
    for (const auto& [n, out] : edges)
        if (colour[n] == 0 && cyclic(n)) return true;
    return false;
}

}  // namespace

std::string out_of_scope(const test& t) {
    std::string reason;
    for (const thread& th : t.threads) {
        walk(th.body, [&](const stmt& s) {
            if (s.k == stmt::kind::assign && s.text.empty() && reason.empty())
                reason = "plain accesses: LKMM's data-race rules are not modelled (a plain store at line " +
                         std::to_string(s.pos.line) + ")";
            for (const expr& e : s.args)
                walk(e, [&](const expr& x, bool marked) {
                    if (!reason.empty()) return;
                    if (x.k == expr::kind::call && grace_periods.count(x.text))
                        reason = "RCU grace periods: " + x.text + " is not modelled (line " + std::to_string(x.pos.line) + ")";
                    else if (x.k == expr::kind::unary && x.text == "*" && !marked)
                        reason = "plain accesses: LKMM's data-race rules are not modelled (a plain load at line " +
                                 std::to_string(x.pos.line) + ")";
                });
        });
    }
    if (reason.empty() && needs_load_buffering(t))
        reason = "load buffering: the outcome needs a store seen before an earlier load of its own thread, "
                 "which a model that runs each thread in order cannot produce";
    return reason;
}

}  // namespace lockstep::litmus

namespace lockstep {

litmus_result run_litmus(const std::string& path, const check_options& options) {
    litmus::test t;
    try {
        t = litmus::parse_file(path);
    } catch (const litmus::parse_error& e) {
        throw config_error(e.what());
    }
    litmus_result r;
    r.file = path;
    r.name = t.name;
    r.expected = t.expected_result;
    r.quantifier = t.q == litmus::test::quantifier::exists     ? "exists"
                   : t.q == litmus::test::quantifier::forall ? "forall"
                                                             : "~exists";
    r.condition = litmus::to_string(t.final_condition);
    r.out_of_scope = litmus::out_of_scope(t);
    if (!r.out_of_scope.empty()) return r;

    run_config cfg;
    cfg.scenario = "litmus";
    cfg.source = path;
    cfg.memory = memory_model::lkmm;
    cfg.switches[litmus::every_final_state] = true;
    const verdict_census c = census(cfg, options);
    r.search = c.result;
    engine names(cfg);
    for (const auto& [state, schedule] : c.witness) {
        engine e(cfg);
        play_schedule(e, schedule);
        litmus_outcome o;
        o.state = state;
        for (const verdict& v : e.verdicts())
            if (v.invariant == state) {
                o.holds = v.message == litmus::condition_holds;
                o.filtered = v.message == litmus::filtered_out;
            }
        o.schedule = format_schedule(schedule, names);
        if (o.filtered) continue;
        (o.holds ? r.positive : r.negative) += 1;
        r.outcomes.push_back(std::move(o));
    }
    r.observation = r.positive == 0 ? "Never" : r.negative == 0 ? "Always" : "Sometimes";
    r.ok = r.quantifier == "exists" ? r.positive > 0 : r.quantifier == "forall" ? r.negative == 0 : r.positive == 0;
    return r;
}

std::string herd_report(const litmus_result& r) {
    std::string s;
    if (!r.out_of_scope.empty()) return "Out of scope " + r.name + ": " + r.out_of_scope + "\n";
    s += "Test " + r.name + (r.quantifier == "forall" ? " Required" : " Allowed") + "\n";
    s += "States " + std::to_string(r.outcomes.size()) + "\n";
    for (const litmus_outcome& o : r.outcomes) s += o.state + "\n";
    s += r.ok ? "Ok\n" : "No\n";
    s += "Witnesses\n";
    s += "Positive: " + std::to_string(r.positive) + " Negative: " + std::to_string(r.negative) + "\n";
    s += "Condition " + r.quantifier + " (" + r.condition + ")\n";
    s += "Observation " + r.name + " " + r.observation + " " + std::to_string(r.positive) + " " +
         std::to_string(r.negative) + "\n";
    return s;
}

}  // namespace lockstep
