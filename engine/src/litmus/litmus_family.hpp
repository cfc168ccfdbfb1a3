// The litmus family: a litmus test in the kernel's format (tools/memory-model/litmus-tests)
// run as a scenario. Its threads P0..Pn interpret the test's C on the kernel primitives, every
// shared variable is a weak cell, and at the end of every execution the checker reports the
// final state, so a census of the state graph lists every final state the model allows, each
// with a shortest schedule to it.
#pragma once

#include "../family.hpp"
#include "litmus_ast.hpp"

#include <string>

namespace lockstep::litmus {

extern const detail::family family;

// What the checker reports when every thread has finished: a verdict whose invariant is the
// final state as herd7 writes it ("0:r0=1; 1:r1=0; [x]=1;") and whose message is one of these.
inline constexpr const char* condition_holds = "final state: the condition's proposition holds";
inline constexpr const char* condition_fails = "final state: the condition's proposition does not hold";
inline constexpr const char* filtered_out = "final state: left out by the test's filter";
// The switch that makes the checker report every final state (for the census); off, it reports
// only those where the condition's proposition holds, which is what `check` looks for.
inline constexpr const char* every_final_state = "every_final_state";

// Why the model cannot decide `t`, or "" when it can: load buffering (the outcome needs a
// store seen before an earlier load of its own thread), RCU grace periods, plain accesses.
std::string out_of_scope(const test& t);

}  // namespace lockstep::litmus
