#include "fiber_host.hpp"

#include <boost/fiber/algo/algorithm.hpp>
#include <boost/fiber/fiber.hpp>
#include <boost/fiber/operations.hpp>
#include <boost/fiber/properties.hpp>

#include <vector>

namespace lockstep::detail {
namespace bf = boost::fibers;

namespace {

constexpr int host_index = -1;
constexpr int dispatcher_index = -2;

struct fiber_index : bf::fiber_properties {
    using fiber_properties::fiber_properties;
    long index = host_index;
};

// A Boost.Fiber scheduling algorithm that never chooses by itself: the controller names the
// fiber to run next and every other switch goes back to the controller (the host). All
// simulated blocking lives in the engine, so to Boost every fiber is always ready.
class directed final : public bf::algo::algorithm_with_properties<fiber_index> {
public:
    explicit directed(directed** self) { *self = this; }

    void awakened(bf::context* ctx, fiber_index& props) noexcept override {
        if (ctx->is_context(bf::type::dispatcher_context)) props.index = dispatcher_index;
        ready_.push_back(ctx);
    }

    bf::context* pick_next() noexcept override {
        // Boost 1.74 calls pick_next() before it re-queues the fiber that yields, so the
        // yielding fiber is never its own successor here. The dispatcher comes last: when
        // nothing else is ready (a join at thread exit) it must leave this queue too, or Boost
        // would resume it directly and leave a stale pointer behind.
        for (long wanted : {target_, long{host_index}, long{dispatcher_index}}) {
            for (auto it = ready_.begin(); it != ready_.end(); ++it) {
                if (properties(*it).index == wanted) {
                    bf::context* ctx = *it;
                    ready_.erase(it);
                    target_ = host_index;
                    return ctx;
                }
            }
        }
        return nullptr;
    }

    bool has_ready_fibers() const noexcept override { return !ready_.empty(); }
    void suspend_until(std::chrono::steady_clock::time_point const&) noexcept override {}
    void notify() noexcept override {}

    void run_next(long index) { target_ = index; }
    // Fiber ids are unique on the OS thread: several engines (a search and the replay of
    // what it found, say) keep parked fibers in this one queue at the same time.
    long new_id() { return next_id_++; }

private:
    std::vector<bf::context*> ready_;
    long target_ = host_index;
    long next_id_ = 0;
};

// One algorithm per OS thread (Boost.Fiber's scheduler is thread-local); every engine on the
// thread shares it, which is safe because only one fiber of one engine runs at a time.
directed*& thread_algorithm() {
    thread_local directed* algo = nullptr;
    if (!algo) bf::use_scheduling_algorithm<directed>(&algo);
    return algo;
}

}  // namespace

struct fiber_host::impl {
    std::vector<bf::fiber> fibers;  // by the host's index; an empty fiber once joined
    std::vector<long> ids;          // fiber id by the host's index
};

fiber_host::fiber_host() : d(std::make_unique<impl>()) { thread_algorithm(); }

fiber_host::~fiber_host() { join_all(); }

void fiber_host::spawn(int index, std::function<void()> body) {
    if (d->ids.size() <= static_cast<std::size_t>(index)) d->ids.resize(index + 1, -1);
    d->ids[index] = thread_algorithm()->new_id();
    bf::fiber f(std::move(body));
    f.properties<fiber_index>().index = d->ids[index];
    if (d->fibers.size() <= static_cast<std::size_t>(index)) d->fibers.resize(index + 1);
    d->fibers[index] = std::move(f);
    resume(index);
}

void fiber_host::resume(int index) {
    thread_algorithm()->run_next(d->ids[index]);
    boost::this_fiber::yield();
}

void fiber_host::switch_to_host() { boost::this_fiber::yield(); }

void fiber_host::join_all() {
    for (auto& f : d->fibers)
        if (f.joinable()) f.join();
    d->fibers.clear();
    collect();
}

void fiber_host::join(int index) {
    bf::fiber& f = d->fibers[index];
    if (f.joinable()) f.join();
    f = bf::fiber{};
}

void fiber_host::collect() {
    // Terminated fibers are freed only when Boost's dispatcher runs; give it a turn.
    thread_algorithm()->run_next(dispatcher_index);
    boost::this_fiber::yield();
}

}  // namespace lockstep::detail
