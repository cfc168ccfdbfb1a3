// libFuzzer target for the lesson parser: any bytes may be a lesson file; the parser must
// either accept them or throw lesson_error, never crash, hang or read out of bounds.
// Built with clang by tests/fuzz/CMakeLists.txt; scripts/test.sh runs it briefly, and
//   build-fuzz/fuzz_lesson -max_total_time=3600 tests/fuzz/corpus
// runs it for as long as you like.
#include <lockstep/lesson.hpp>

#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    try {
        lockstep::parse_lesson(text, "fuzz.yaml");
    } catch (const lockstep::lesson_error&) {
        // A malformed lesson, reported with its place: the expected outcome for most inputs.
    }
    return 0;
}
