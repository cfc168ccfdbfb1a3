// Simulated kernel threads as Boost.Fiber fibers, switched to one at a time by a controller.
// Only fiber_host.cpp includes Boost.Fiber: its headers cost seconds per translation unit.
#pragma once

#include <functional>
#include <memory>

namespace lockstep::detail {

class fiber_host {
public:
    fiber_host();
    ~fiber_host();
    fiber_host(const fiber_host&) = delete;
    fiber_host& operator=(const fiber_host&) = delete;

    // Start a fiber for `body` and run it until its first switch_to_host().
    void spawn(int index, std::function<void()> body);
    // From the controller: run fiber `index` until it switches back or returns.
    void resume(int index);
    // From inside a fiber: give control back to the controller.
    static void switch_to_host();
    // Join every fiber (all must have returned) and let Boost free their stacks.
    void join_all();
    // Join fiber `index` alone (it must have returned); the others stay where they are.
    // Its stack is freed at the next join_all() or collect().
    void join(int index);
    // Let Boost free the stacks of the fibers joined so far.
    void collect();

private:
    struct impl;
    std::unique_ptr<impl> d;
};

}  // namespace lockstep::detail
