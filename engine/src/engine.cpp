#include <lockstep/engine.hpp>

#include "machine.hpp"
#include "family.hpp"

#include <cassert>
#include <stdexcept>

namespace lockstep {

engine::engine(run_config cfg) : cfg_(with_defaults(std::move(cfg))), switches_(all_switch_values(cfg_)) { rebuild(); }

engine::~engine() = default;
engine::engine(engine&&) noexcept = default;
engine& engine::operator=(engine&&) noexcept = default;

void engine::rebuild() {
    if (m_) return m_->restart();
    m_ = std::make_unique<detail::machine>(cfg_);
    detail::family_of_scenario(cfg_.scenario).build(*m_, cfg_, switches_);
    m_->start();
}

std::shared_ptr<const layout> engine::shape() const { return m_->shape_; }

std::size_t engine::thread_count() const { return m_->threads_.size(); }
const std::string& engine::thread_name(thread_id t) const { return m_->threads_.at(t).name; }
thread_id engine::thread_by_name(const std::string& name) const {
    for (std::size_t i = 0; i < m_->threads_.size(); ++i)
        if (m_->threads_[i].name == name) return static_cast<thread_id>(i);
    return no_thread;
}

std::uint64_t engine::step_count() const { return m_->steps; }
bool engine::can_run(thread_id t) const { return m_->can_run(t); }
std::string engine::why_not(thread_id t) const {
    if (t < 0 || static_cast<std::size_t>(t) >= thread_count()) return "there is no such thread";
    return m_->why_blocked(t);
}
std::vector<thread_id> engine::runnable() const {
    std::vector<thread_id> r;
    for (thread_id t = 0; t < static_cast<thread_id>(thread_count()); ++t)
        if (m_->can_run(t)) r.push_back(t);
    return r;
}
std::string engine::next_op(thread_id t) const {
    const auto& th = m_->threads_.at(t);
    return th.finished ? std::string() : th.next.name;
}
std::string engine::next_label(thread_id t) const {
    const auto& th = m_->threads_.at(t);
    return th.finished || !th.next.label ? std::string() : th.next.label;
}

bool engine::finished() const { return !m_->any_runnable(); }

void engine::step(thread_id t) { step(choice{t}); }

void engine::step(choice c) {
    const thread_id t = c.thread;
    if (!can_run(t))
        throw std::logic_error("step: thread " + std::to_string(t) + " cannot run: " + why_not(t));
    const int n = m_->options(t);
    if (c.option < 0 || c.option >= n)
        throw std::logic_error("step: " + thread_name(t) + "'s " + next_op(t) + " has " + std::to_string(n) +
                               (n == 1 ? " outcome" : " outcomes") + ", not an outcome " + std::to_string(c.option));
    c.kind = option_kind(t);
    const std::uint64_t at = m_->steps;
    if (at < timeline_.size() && !(timeline_[at] == c)) timeline_.resize(at);
    if (at == timeline_.size()) timeline_.push_back(c);
    m_->step(t, c.option);
}

int engine::options(thread_id t) const { return m_->options(t); }

char engine::option_kind(thread_id t) const { return m_->option_kind(t); }

bool engine::has_weak_memory() const { return m_->is_weak_memory(); }

memory_model engine::memory() const { return cfg_.memory.value_or(memory_model::sc); }

void engine::reset() {
    rebuild();
    timeline_.clear();
}

bool engine::go_to(std::uint64_t target) {
    assert(target <= timeline_.size());
    bool rewound = true;
    if (target < m_->steps && !m_->rewind(target)) {
        rebuild();
        rewound = false;
    }
    while (m_->steps < target) {
        const choice& c = timeline_[m_->steps];
        m_->step(c.thread, c.option);
    }
    return rewound;
}

std::vector<choice> engine::choices() const {
    return {timeline_.begin(), timeline_.begin() + static_cast<std::ptrdiff_t>(m_->steps)};
}

const std::vector<event>& engine::events() const { return m_->events; }
const std::vector<verdict>& engine::verdicts() const { return m_->verdicts_; }
snapshot engine::take_snapshot() const { return m_->make_snapshot(); }
std::uint64_t engine::state_hash() const { return m_->state_hash(); }
std::uint64_t engine::canonical_hash(std::vector<thread_id>* slot_of, std::vector<thread_id>* twin_of) const {
    return m_->canonical_hash(slot_of, twin_of);
}
bool engine::has_symmetry() const { return m_->has_symmetry(); }
void engine::track_footprints(bool on) { m_->track_footprints(on); }
void engine::keep_rewind_points(bool on) { m_->keep_rewind_points(on); }
const step_footprint& engine::last_footprint() const { return m_->last_footprint(); }


}  // namespace lockstep
