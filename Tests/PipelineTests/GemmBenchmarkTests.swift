import Foundation
import XCTest
@testable import Pipeline

/// The GEMM benchmark, run only on request since it takes a while:
///
///     NNPIPE_BENCH=1 swift test -c release -Xswiftc -enable-testing \
///       --filter GemmBenchmarkTests
///
/// and side by side `python3 scripts/bench_gemm_numpy.py 1` (and 2).
final class GemmBenchmarkTests: XCTestCase {
  func testBenchmark() throws {
    let environment = ProcessInfo.processInfo.environment
    try XCTSkipUnless(environment["NNPIPE_BENCH"] == "1",
                      "set NNPIPE_BENCH=1 to run the GEMM benchmark")
    var lines = [String]()
    let counts = Parallel.threadCount > 1 ? [1, Parallel.threadCount] : [1]
    for threads in counts {
      GemmBenchmark.run(threads: threads) { line in
        FileHandle.standardError.write(Data((line + "\n").utf8))
        lines.append(line)
      }
    }
    XCTAssertEqual(lines.count % GemmBenchmark.cases.count, 0)
  }

  func testLineFormat() {
    let item = GemmBenchmark.cases[2]
    let line = GemmBenchmark.line(library: "nnpipe", item, threads: 2,
                                  gflops: 97.25, milliseconds: 22.0819)
    XCTAssertEqual(line, "gemm nnpipe cube         1024x1024x1024  NN "
                   + "threads 2    97.3 GFLOP/s    22.082 ms")
  }
}
