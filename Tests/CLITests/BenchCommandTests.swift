import XCTest

/// `nnpipe bench`: the listing, one filtered run, and its usage errors.
final class BenchCommandTests: XCTestCase {
    func testListingNamesTheGemmBenchmark() throws {
        let result = try runNnpipe(["bench"])
        XCTAssertEqual(result.status, 0)
        XCTAssertTrue(result.stdoutText.hasPrefix("usage: nnpipe bench NAME"))
        for name in ["gemm ", "eigen", "ocr  "] {
            XCTAssertTrue(result.stdoutText.contains("\n  \(name)  "),
                          result.stdoutText)
        }
        let help = try runNnpipe(["bench", "ocr", "--help"])
        XCTAssertEqual(help.status, 0)
        XCTAssertTrue(help.stdoutText.contains("  images=images  "),
                      help.stdoutText)
        XCTAssertTrue(help.stdoutText.contains(
            "other key=value words go to the pipeline file"), help.stdoutText)
    }

    func testFilteredRunPrintsOneLinePerCase() throws {
        let result = try runNnpipe(
            ["bench", "gemm", "threads=1", "only=32x36x64", "repetitions=2"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let lines = result.stdoutText.split(separator: "\n")
        XCTAssertEqual(lines.count, 1, result.stdoutText)
        let line = String(lines.first ?? "")
        XCTAssertTrue(line.hasPrefix("gemm nnpipe mlp H·W2     32x36x64"
                                     + "        NN threads 1 "), line)
        XCTAssertTrue(line.contains(" GFLOP/s ") && line.hasSuffix(" ms"),
                      line)
    }

    func testEigenReportsResidualsFarBelowTheTolerance() throws {
        let result = try runNnpipe(["bench", "eigen", "size=64"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let words = result.stdoutText.split(separator: " ")
        XCTAssertEqual(Array(words.prefix(3)),
                       ["eigen", "nnpipe", "64x64"], result.stdoutText)
        // "... reconstruction 3.2e-07  orthogonality 3.6e-07"
        for label in ["reconstruction", "orthogonality"] {
            let index = try XCTUnwrap(words.firstIndex(of: Substring(label)))
            let value = try XCTUnwrap(Double(words[index + 1]
                .trimmingCharacters(in: .whitespacesAndNewlines)))
            XCTAssertLessThan(value, 1e-5, label)
        }
    }

    func testUsageErrors() throws {
        let unknown = try runNnpipe(["bench", "fft"])
        XCTAssertEqual(unknown.status, 64)
        XCTAssertEqual(unknown.stderr, "nnpipe bench: error: unknown "
                       + "benchmark 'fft'; known: gemm, eigen, ocr\n")

        let threads = try runNnpipe(["bench", "gemm", "threads=many"])
        XCTAssertEqual(threads.status, 64)
        XCTAssertEqual(threads.stderr,
                       "nnpipe bench: error: threads=many is not an integer\n")
        XCTAssertEqual(threads.stdout, [])
    }
}
