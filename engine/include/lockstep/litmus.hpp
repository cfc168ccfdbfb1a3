// Running a litmus test in the kernel's format (tools/memory-model/litmus-tests) under the
// kernel's memory model, as herd7 would: every final state the model allows, each with a
// schedule that reaches it, and the verdict on the test's condition.
#pragma once

#include <lockstep/explorer.hpp>

#include <string>
#include <vector>

namespace lockstep {

struct litmus_outcome {
    std::string state;     // "0:r0=1; 1:r1=0; [x]=1;" as herd7 prints it
    bool holds = false;    // the condition's proposition holds in it
    bool filtered = false; // the test's filter leaves it out
    std::string schedule;  // a shortest schedule to it, replayable in `run` and the app
};

struct litmus_result {
    std::string file, name;
    std::string expected;      // the header's "Result:" (Never / Sometimes / Always), "" if none
    std::string out_of_scope;  // why the model cannot decide the test ("" when it can)
    std::string quantifier;    // "exists", "~exists" or "forall"
    std::string condition;     // the proposition, as herd7 prints it
    std::vector<litmus_outcome> outcomes;  // sorted by state
    std::string observation;   // Never / Sometimes / Always
    bool ok = false;           // the condition is validated (herd7's Ok / No)
    std::uint64_t positive = 0, negative = 0;  // final states where the proposition holds / not
    check_result search;
    // The observation agrees with the header's Result (true when the header has none).
    bool agrees() const { return expected.empty() || expected == observation; }
};

// Throws config_error (its message "FILE:LINE:COLUMN: ...") for a file it cannot read or parse.
litmus_result run_litmus(const std::string& path, const check_options& options = {});
// herd7's report: Test, States, each state, Ok/No, Witnesses, Condition, Observation.
std::string herd_report(const litmus_result& r);

}  // namespace lockstep
